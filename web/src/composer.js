// The message box: a textarea that grows from one line to four as the reader writes,
// where Enter sends and Shift+Enter breaks the line, and an IME's Enter only confirms.

/** Whether this keydown should send the message. */
export function isSendKey(event) {
  if (event.key !== "Enter" || event.shiftKey) return false;
  // While an input method composes (Japanese, Chinese, ...), Enter picks the characters.
  return !event.isComposing && event.keyCode !== 229;
}

/** Sizes the textarea to its content; CSS caps it at four lines, beyond which it scrolls. */
export function autoGrow(textarea) {
  textarea.style.height = "";
  if (!textarea.value) return; // one row (a long placeholder would otherwise count)
  textarea.style.height = "auto";
  const borders = textarea.offsetHeight - textarea.clientHeight;
  textarea.style.height = `${textarea.scrollHeight + borders}px`;
}
