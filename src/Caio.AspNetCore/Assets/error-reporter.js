// Shows script errors on the page instead of failing silently.
window.addEventListener('error', function (event) {
  var box = document.getElementById('message');
  if (box) { box.textContent = 'Page error: ' + event.message; }
});
