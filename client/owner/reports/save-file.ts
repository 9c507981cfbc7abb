// Downloads need the bearer token, so a plain link cannot fetch them: the page
// fetches, then hands the browser a local object URL to save.

/** The browser has started the download by then; the object URL can go. */
const REVOKE_AFTER_MS = 10_000;

export function saveFile(data: Blob, name: string): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
