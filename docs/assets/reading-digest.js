// Material's search dialog has no accessible name; give it one (axe: aria-dialog-name).
document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});
