// Applies the reader's chosen theme before the page paints. Without a choice, CSS follows
// prefers-color-scheme. localStorage can be unavailable (file:// in some browsers): ignore it then.
(function () {
  try {
    var theme = localStorage.getItem("eventsmith-theme");
    if (theme === "light" || theme === "dark") document.documentElement.setAttribute("data-theme", theme);
  } catch (e) {
    /* no storage: the system preference applies */
  }
})();
