/**
 * The dashboard's one script, a progressive enhancement served from `/dashboard/local-time.js`:
 * pages render times in UTC (the server does not know the reader's time zone, and no standard
 * request header tells it); this script rewrites them in the browser's own zone and locale. Without
 * it every time still reads correctly, in UTC. It touches only `<time>` elements and the zone note:
 * no lead data is read or written.
 */
export const LOCAL_TIME_JS = `(function () {
  'use strict';
  var zone = '';
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch (e) { return; }
  var full = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  var short = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  var times = document.querySelectorAll('time[datetime]');
  for (var i = 0; i < times.length; i++) {
    var el = times[i];
    var d = new Date(el.getAttribute('datetime'));
    if (isNaN(d.getTime())) continue;
    el.title = full.format(d) + (zone ? ' (' + zone + ')' : '');
    var mode = el.getAttribute('data-local');
    if (mode === 'full') el.textContent = full.format(d);
    else if (mode === 'short') el.textContent = short.format(d);
  }
  var notes = document.querySelectorAll('[data-zone]');
  for (var j = 0; j < notes.length; j++) notes[j].textContent = 'Times in your time zone' + (zone ? ' (' + zone + ')' : '') + '.';
})();
`;
