import { onBeforeUnmount, ref, type Ref } from 'vue';

/**
 * Whether the screen is a phone's (up to 768 px, the console's breakpoint), kept current as it turns
 * or is resized: for what no stylesheet can change, a component's layout prop (el-descriptions'
 * `column`, el-form's `label-position`). Call it in a component's setup.
 */
export function usePhoneWidth(): Ref<boolean> {
  const query = window.matchMedia('(max-width: 768px)');
  const phone = ref(query.matches);
  const onChange = (change: MediaQueryListEvent): void => {
    phone.value = change.matches;
  };
  query.addEventListener('change', onChange);
  onBeforeUnmount(() => query.removeEventListener('change', onChange));
  return phone;
}
