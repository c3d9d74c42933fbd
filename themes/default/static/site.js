// nianbao default theme: 打印 and 字号 (A+ / A−), and a scroll hint only where a table is wider
// than the screen. No framework; without JavaScript the tools stay hidden and every page works.
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'nianbao-font-size';
  var STEPS = [87.5, 100, 112.5, 125, 150];
  root.classList.add('js');

  function stored() {
    try { return window.localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function store(v) {
    try { window.localStorage.setItem(KEY, String(v)); } catch (e) { /* private mode */ }
  }
  var step = STEPS.indexOf(Number(stored()));
  if (step < 0) step = 1;
  function apply() {
    root.style.fontSize = STEPS[step] === 100 ? '' : STEPS[step] + '%';
    var smaller = document.querySelector('[data-tool="smaller"]');
    var larger = document.querySelector('[data-tool="larger"]');
    if (smaller) smaller.disabled = step === 0;
    if (larger) larger.disabled = step === STEPS.length - 1;
  }

  // Tables wider than their box get the hint that they scroll sideways.
  function mark() {
    var wraps = document.querySelectorAll('.table-wrap');
    for (var i = 0; i < wraps.length; i++) {
      var w = wraps[i];
      w.parentNode.classList.toggle('overflows', w.scrollWidth > w.clientWidth + 1);
    }
  }

  function ready() {
    var tools = document.querySelector('.tools');
    if (tools) {
      tools.hidden = false;
      tools.addEventListener('click', function (e) {
        var b = e.target.closest ? e.target.closest('button[data-tool]') : null;
        if (!b) return;
        var tool = b.getAttribute('data-tool');
        if (tool === 'print') {
          window.print();
          return;
        }
        step = Math.max(0, Math.min(STEPS.length - 1, step + (tool === 'larger' ? 1 : -1)));
        store(STEPS[step]);
        apply();
        mark();
      });
    }
    apply();
    mark();
    window.addEventListener('resize', mark);
    // Printed, every collapsed list is shown.
    window.addEventListener('beforeprint', function () {
      var closed = document.querySelectorAll('details.group:not([open])');
      for (var i = 0; i < closed.length; i++) closed[i].open = true;
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
