// Chart code shared by the explorer and the static `report`: chart specs drawn with Apache
// ECharts (SVG renderer, so every label is a real text element). Category labels are wrapped,
// never cut: the axis is as wide as the longest wrapped line and each row as tall as its lines.
/* global echarts */
(function (root) {
  'use strict';
  var FONT = 12;
  var LINE = 16;
  var MAX_LABEL_CHARS = 28; // wrap long labels (document names) at about this many CJK characters

  function charWidth(ch) {
    var cp = ch.codePointAt(0);
    return cp >= 0x1100 && !(cp >= 0xff61 && cp <= 0xffdc) ? FONT : FONT * 0.6;
  }
  function textWidth(s) {
    var w = 0;
    for (var ch of String(s)) w += charWidth(ch);
    return w;
  }
  // Break a label into lines of at most maxWidth pixels, at any character (CJK has no spaces).
  function wrap(s, maxWidth) {
    var lines = [];
    var cur = '';
    var w = 0;
    for (var ch of String(s)) {
      var cw = charWidth(ch);
      if (w + cw > maxWidth && cur) {
        lines.push(cur);
        cur = '';
        w = 0;
      }
      cur += ch;
      w += cw;
    }
    if (cur || !lines.length) lines.push(cur);
    return lines;
  }
  var COLORS = ['#3b6ea5', '#e39b3a', '#8aa65b', '#b5533c', '#7d6aa8', '#5a9aa8', '#c4a24a', '#8a9bb0'];

  /**
   * Horizontal bars, one row per label, stacked series.
   * spec: { kind: 'bars', title, labels: [..], series: [{ name, values: [..], color }], unit }
   */
  function barsOption(spec) {
    var maxLabel = MAX_LABEL_CHARS * FONT;
    var wrapped = spec.labels.map(function (l) { return wrap(l, maxLabel); });
    var labelWidth = Math.ceil(Math.max.apply(null, [40].concat(wrapped.map(function (ls) {
      return Math.max.apply(null, ls.map(textWidth));
    })))) + 8;
    var rowHeights = wrapped.map(function (ls) { return Math.max(24, ls.length * LINE + 8); });
    var plot = rowHeights.reduce(function (a, b) { return a + b; }, 0);
    var legend = spec.series.length > 1;
    return {
      height: plot + (legend ? 36 : 12) + 30 + (spec.title ? 34 : 0),
      option: {
        animation: false,
        aria: { enabled: true, label: { description: spec.title || '' } },
        color: spec.series.map(function (s, k) { return s.color || COLORS[k % COLORS.length]; }),
        title: spec.title ? { text: spec.title, left: 0, textStyle: { fontSize: 14 } } : undefined,
        legend: legend ? { top: spec.title ? 32 : 0, left: 0 } : undefined,
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        grid: { left: 8, right: 48, top: (spec.title ? 34 : 0) + (legend ? 36 : 12), bottom: 30, containLabel: true },
        // Counts get whole-number ticks.
        xAxis: { type: 'value', name: spec.unit || '', nameGap: 6, minInterval: spec.series.every(function (s) { return s.values.every(function (v) { return Number.isInteger(v); }); }) ? 1 : 0 },
        yAxis: {
          type: 'category', inverse: true, data: wrapped.map(function (ls) { return ls.join('\n'); }),
          axisLabel: { fontSize: FONT, lineHeight: LINE, width: labelWidth, overflow: 'none', interval: 0 },
          axisTick: { alignWithLabel: true },
        },
        series: spec.series.map(function (s) {
          return { type: 'bar', name: s.name, stack: spec.stacked === false ? undefined : 'total', data: s.values, barMaxWidth: 22 };
        }),
      },
    };
  }

  /**
   * Each value a dot on its category's row: the spread of one indicator's targets across places.
   * spec: { kind: 'dots', title, categories: [..], points: [[value, categoryIndex, label]], unit }
   */
  function dotsOption(spec) {
    var b = barsOption({ title: spec.title, labels: spec.categories, series: [{ name: spec.unit || 'value', values: [] }], unit: spec.unit });
    b.option.tooltip = { trigger: 'item', formatter: function (p) { return p.data[2] + ': ' + p.data[0] + (spec.unit ? ' ' + spec.unit : ''); } };
    b.option.xAxis.scale = true;
    b.option.xAxis.minInterval = 0;
    b.option.series = [{ type: 'scatter', name: spec.unit || 'value', symbolSize: 10, data: spec.points, itemStyle: { opacity: 0.75 } }];
    return b;
  }

  function optionFor(spec) {
    return spec.kind === 'dots' ? dotsOption(spec) : barsOption(spec);
  }

  /** Draw spec into el (its width is kept, its height set to fit every row); returns the chart. */
  function render(el, spec) {
    var o = optionFor(spec);
    el.style.height = o.height + 'px';
    el.setAttribute('data-chart', spec.kind || 'bars');
    var existing = echarts.getInstanceByDom(el);
    if (existing) existing.dispose();
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(o.option);
    return chart;
  }

  var api = { render: render, optionFor: optionFor, wrap: wrap };
  if (typeof module === 'object' && module.exports) module.exports = api;
  root.BudgetCharts = api;
})(typeof window !== 'undefined' ? window : globalThis);
