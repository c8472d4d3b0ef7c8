import { ElMessageBox } from 'element-plus';

/**
 * Asks before an act that cannot be taken back (close a case, accountability, retire a unit, publish
 * rules): the message says what follows from it. Resolves false when the user cancels (the button,
 * Esc, or closing the box).
 */
export async function confirmAct(message: string, title: string, confirmButtonText = '确定'): Promise<boolean> {
  try {
    await ElMessageBox.confirm(message, title, { type: 'warning', confirmButtonText, cancelButtonText: '取消' });
    return true;
  } catch {
    return false;
  }
}
