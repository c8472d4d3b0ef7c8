import 'reflect-metadata';
import { run } from './start';

run();
