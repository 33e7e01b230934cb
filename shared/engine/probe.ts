/** @module The probe message (`***`): a diagnostic message that runs the real path as a dry run. */

/** Whether a customer text is the probe (`***`). */
export function isProbeText(text: string): boolean {
  return text.trim() === '***';
}
