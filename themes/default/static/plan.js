// careleaf's personal plan (DESIGN §10.8, §11.6): the patient enters the date the
// guide counts from (a treatment, a test, an injury); every window on the page becomes
// real dates in the page's language, the handout prints with them, and an .ics file
// holds one event per moment that matters. The windows come from data careleaf wrote
// into the page (data-from and data-to, in minutes from that day, negative before it;
// data-day for one day; data-at for a time of day on it), never from the visible text.
// Times of day are in the clinic's time zone (data-tz). Nothing is sent anywhere; the
// date is stored on this device only when the patient ticks "remember".
(function () {
  'use strict';
  var form = document.querySelector('form.plan');
  if (!form || !window.Intl || !document.querySelectorAll) return;
  var DAY = 1440;
  var lang = form.getAttribute('data-lang') || document.documentElement.lang || 'en';
  var key = 'careleaf-plan:' + form.getAttribute('data-key');
  var input = form.querySelector('#plan-date');
  var time = form.querySelector('#plan-time');
  var doses = Array.prototype.slice.call(document.querySelectorAll('[data-course-from]'));
  if (time && doses.length) time.parentNode.hidden = false;
  var name = form.querySelector('#plan-name');
  var provider = form.querySelector('#plan-provider');
  var remember = form.querySelector('#plan-remember');
  var ics = form.querySelector('.plan-ics');
  var status = form.querySelector('.plan-status');
  var t = function (k) { return form.getAttribute('data-t-' + k) || ''; };
  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, k) { return k in values ? values[k] : all; });
  };
  var short = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  var zone = form.getAttribute('data-tz') || 'UTC';
  var long = new Intl.DateTimeFormat(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  var icsUrl = null;

  // The treatment day (UTC midnight) from the date field, or null.
  function treatment() {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
    if (!m) return null;
    var d = Date.UTC(+m[1], +m[2] - 1, +m[3]);
    return isNaN(d) ? null : d;
  }
  // The day a window edge falls on: the treatment day plus whole days of minutes.
  function day(start, minutes) {
    return start + Math.floor(minutes / DAY) * DAY * 60000;
  }
  function windows() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-plan][data-from]'));
  }
  function range(el) {
    var from = parseInt(el.getAttribute('data-from'), 10);
    var to = el.hasAttribute('data-to') ? parseInt(el.getAttribute('data-to'), 10) : null;
    var at = /^(\d{2}):(\d{2})$/.exec(el.getAttribute('data-at') || '');
    return { from: from, to: to, day: el.hasAttribute('data-day'), at: at ? [+at[1], +at[2]] : null };
  }
  // A time of day in the page's language ("6:00 PM", "18:00").
  function clock(at) {
    return new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })
      .format(Date.UTC(2000, 0, 1, at[0], at[1]));
  }
  function words(start, r) {
    if (r.day) return short.format(day(start, r.from)) + (r.at ? ', ' + clock(r.at) : '');
    if (r.to !== null && r.from === 0) return fill(t('until'), { date: short.format(day(start, r.to)) });
    if (r.to === null) return r.from === 0 ? '' : fill(t('from'), { date: short.format(day(start, r.from)) });
    return fill(t('between'), { a: short.format(day(start, r.from)), b: short.format(day(start, r.to)) });
  }

  function show() {
    var start = treatment();
    windows().forEach(function (el) {
      var slot = el.querySelector('[data-plan-slot]');
      if (!slot) return;
      var text = start === null ? '' : words(start, range(el));
      slot.textContent = text ? ' (' + text + ')' : '';
      slot.hidden = !text;
    });
    var blank = function (which, text) {
      var el = document.querySelector('[data-blank="' + which + '"]');
      if (el) el.textContent = text;
      var line = document.querySelector('[data-blank-line="' + which + '"]');
      if (line) line.hidden = !text;
    };
    showDoses(start);
    blank('date', start === null ? '' : long.format(start));
    if (name) blank('name', name.value.trim());
    if (provider) blank('provider', provider.value.trim());
    if (icsUrl) { URL.revokeObjectURL(icsUrl); icsUrl = null; }
    if (start === null) {
      ics.hidden = true;
      status.textContent = input.value ? '' : (status.textContent ? t('cleared') : '');
    } else {
      icsUrl = URL.createObjectURL(new Blob([calendar(start)], { type: 'text/calendar' }));
      ics.href = icsUrl;
      ics.setAttribute('download', (form.getAttribute('data-key').split('/').filter(Boolean).pop() || 'plan') + '.ics');
      ics.hidden = false;
      status.textContent = fill(t('shown'), { date: long.format(start) });
    }
    store();
  }

  // RFC 5545: escaped text, lines folded at 75 octets, CRLF line ends.
  function text(s) {
    // Control characters other than line breaks cannot be in a calendar's text.
    return String(s).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
  }
  function fold(line) {
    var out = [];
    var bytes = new TextEncoder();
    var current = '';
    // By characters, not UTF-16 units: an emoji is never split between two lines.
    Array.from(line).forEach(function (ch) {
      if (bytes.encode(current + ch).length > (out.length ? 74 : 75)) { out.push(current); current = ''; }
      current += ch;
    });
    out.push(current);
    return out.join('\r\n ');
  }
  function date(ms) { return new Date(ms).toISOString().slice(0, 10).replace(/-/g, ''); }
  // The time of the first dose of a course, in minutes after midnight, or null.
  function firstDose() {
    var m = time && /^(\d{2}):(\d{2})$/.exec(time.value);
    return m ? +m[1] * 60 + +m[2] : null;
  }
  // A wall-clock moment as words: "Tue 8 Dec, 14:00".
  function moment(ms) {
    var d = new Date(ms);
    return short.format(ms) + ', ' + clock([d.getUTCHours(), d.getUTCMinutes()]);
  }
  // Each dose of a course as a clock time once the date and the first dose's time are
  // known: "Tue 8 Dec, 14:00 to 16:00".
  function showDoses(start) {
    var first = firstDose();
    doses.forEach(function (el) {
      var slot = el.querySelector('[data-plan-slot]');
      if (!slot) return;
      var text = '';
      if (start !== null && first !== null) {
        var from = start + (first + parseInt(el.getAttribute('data-course-from'), 10)) * 60000;
        text = moment(from);
        if (el.hasAttribute('data-course-to')) {
          var to = start + (first + parseInt(el.getAttribute('data-course-to'), 10)) * 60000;
          var end = new Date(to);
          text = fill(t('between'), { a: text, b: Math.floor(to / 86400000) === Math.floor(from / 86400000) ? clock([end.getUTCHours(), end.getUTCMinutes()]) : moment(to) });
        }
      }
      slot.textContent = text ? ' (' + text + ')' : '';
      slot.hidden = !text;
    });
  }
  // The UTC moment of a wall-clock time in the clinic's time zone: the zone's offset
  // is read from Intl at a first guess, then at the moment found (daylight saving).
  function utc(dayMs, at) {
    var wall = dayMs + (at[0] * 60 + at[1]) * 60000;
    try {
      var parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' });
      var offset = function (ms) {
        var p = {};
        parts.formatToParts(ms).forEach(function (x) { p[x.type] = +x.value; });
        return Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute) - ms;
      };
      var guess = wall - offset(wall);
      return { ms: wall - offset(guess), zoned: true };
    } catch (e) {
      return { ms: wall, zoned: false }; // an unknown zone: the time as written, floating
    }
  }
  function stampOf(t) {
    return new Date(t.ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '').replace(/Z$/, t.zoned ? 'Z' : '');
  }
  function event(lines, uid, stamp, first, last, summary, detail, at) {
    lines.push('BEGIN:VEVENT', 'UID:' + uid, 'DTSTAMP:' + stamp);
    if (at) {
      var begin = utc(first, at);
      lines.push('DTSTART:' + stampOf(begin), 'DTEND:' + stampOf({ ms: begin.ms + 30 * 60000, zoned: begin.zoned }));
    } else {
      lines.push('DTSTART;VALUE=DATE:' + date(first), 'DTEND;VALUE=DATE:' + date(last + DAY * 60000));
    }
    lines.push('SUMMARY:' + text(summary));
    if (detail) lines.push('DESCRIPTION:' + text(detail));
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', at ? 'TRIGGER;RELATED=START:-PT30M' : 'TRIGGER;RELATED=START:PT9H', 'DESCRIPTION:' + text(summary), 'END:VALARM', 'END:VEVENT');
  }
  function calendar(start) {
    var stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
    var host = location.hostname || 'careleaf.local';
    var title = form.getAttribute('data-title');
    var lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//careleaf//personal plan//' + lang.toUpperCase(), 'CALSCALE:GREGORIAN'];
    var seen = {};
    windows().forEach(function (el, i) {
      var kind = el.getAttribute('data-plan');
      var what = el.getAttribute('data-what') || '';
      var r = range(el);
      var uid = date(start) + '-' + i + '-' + (form.getAttribute('data-key') || '').replace(/[^A-Za-z0-9]+/g, '-') + '@' + host;
      var one = null;
      if (r.day) {
        one = [day(start, r.from), day(start, r.from), what.charAt(0).toUpperCase() + what.slice(1)];
      } else if ((kind === 'avoid' || kind === 'medicine-avoid') && r.to !== null) {
        one = [day(start, r.to), day(start, r.to), fill(t('again'), { what: what })];
      } else if ((kind === 'do' || kind === 'safe') && (r.from >= DAY || r.from < 0)) {
        one = [day(start, r.from), day(start, r.from), fill(t('start'), { what: what })];
      } else if (kind === 'medicine-take' && r.to !== null) {
        one = [day(start, r.from), day(start, r.to), what];
      } else if (kind === 'event') {
        one = [day(start, r.from), day(start, r.to === null ? r.from : r.to), what.charAt(0).toUpperCase() + what.slice(1)];
      }
      if (!one) return;
      var id = one.join('|') + (r.at ? '|' + r.at.join(':') : '');
      if (seen[id]) return;
      seen[id] = true;
      event(lines, uid, stamp, one[0], one[1], one[2], kind === 'medicine-take' ? el.getAttribute('data-detail') : title, r.at);
    });
    var first = firstDose();
    if (first !== null) {
      doses.forEach(function (el, i) {
        var minutes = first + parseInt(el.getAttribute('data-course-from'), 10);
        var at = [Math.floor(minutes / 60) % 24, minutes % 60];
        var dayMs = start + Math.floor(minutes / DAY) * DAY * 60000;
        var uid = date(start) + '-dose-' + i + '-' + (form.getAttribute('data-key') || '').replace(/[^A-Za-z0-9]+/g, '-') + '@' + host;
        event(lines, uid, stamp, dayMs, dayMs, (el.getAttribute('data-what') || '') + ': ' + el.firstChild.textContent, title, at);
      });
    }
    lines.push('END:VCALENDAR');
    return lines.map(fold).join('\r\n') + '\r\n';
  }

  // Stored only when ticked; unticking forgets it.
  function store() {
    try {
      if (remember.checked && input.value) localStorage.setItem(key, input.value);
      else if (!remember.checked) localStorage.removeItem(key);
    } catch (e) { /* storage off: the plan still works for this visit */ }
  }

  form.hidden = false;
  document.querySelectorAll('[data-plan-link]').forEach(function (link) { link.hidden = false; });
  form.addEventListener('submit', function (e) { e.preventDefault(); show(); });
  [input, name, provider, time].forEach(function (el) { if (el) el.addEventListener('input', show); });
  input.addEventListener('change', show);
  remember.addEventListener('change', store);
  try {
    var saved = localStorage.getItem(key);
    if (saved) { input.value = saved; remember.checked = true; show(); }
  } catch (e) { /* no storage */ }
})();
