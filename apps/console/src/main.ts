import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import 'dayjs/locale/zh-cn';
import dayjs from 'dayjs';
import App from './App.vue';
import { router } from './router';
import './style.css';

// Element Plus' date pickers format with dayjs: Chinese month and weekday names, weeks from Monday.
dayjs.locale('zh-cn');

createApp(App).use(ElementPlus).use(router).mount('#app');
