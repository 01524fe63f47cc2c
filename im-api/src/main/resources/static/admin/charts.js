// The dashboard's charts: the figures the instance samples (GET /api/v1/admin/dashboard/history),
// drawn with uPlot, served from its WebJar (the version is in the import and in im-api/pom.xml).
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';

import { t } from '/js/i18n.js';

const COLOURS = ['#2f80ed', '#27ae60', '#f2994a', '#9b51e0', '#eb5757', '#56ccf2', '#219653'];

/** Each chart: its element and its series (label and column) from the history. */
const CHARTS = [
  { id: 'chart-people', title: t('Users online and connections'), series: (h) => [[t('Users online'), h.usersOnline],
    [t('Connections'), h.connections],
    ...Object.entries(h.connectionsPerInstance).map(([instance, values]) => [`on ${instance}`, values])] },
  { id: 'chart-traffic', title: t('Messages and pushes per minute'),
    series: (h) => [[t('Messages'), h.messagesPerMinute], [t('Pushes'), h.pushesPerMinute]] },
  { id: 'chart-calls', title: t('Calls'), series: (h) => [[t('Calls'), h.calls]] },
  { id: 'chart-errors', title: t('Server errors per minute'), series: (h) => [[t('Errors'), h.errorsPerMinute]] },
];

const plots = new Map();

/** Draws the history, or updates the charts already drawn. */
export function drawCharts(history) {
  for (const chart of CHARTS) {
    const series = chart.series(history);
    const data = [history.times, ...series.map(([, values]) => values)];
    const key = series.map(([label]) => label).join('|');
    const container = document.getElementById(chart.id);
    let drawn = plots.get(chart.id);
    if (drawn && drawn.key !== key) {
      // an instance came or went: other series, another chart
      drawn.plot.destroy();
      drawn = null;
    }
    if (drawn) {
      drawn.plot.setData(data);
    } else {
      container.replaceChildren();
      const plot = new uPlot({
        title: chart.title,
        width: Math.max(300, container.clientWidth || 480),
        height: 180,
        series: [{}, ...series.map(([label], i) => ({ label, stroke: COLOURS[i % COLOURS.length], width: 2 }))],
        scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { size: 48 }],
      }, data, container);
      plots.set(chart.id, { key, plot });
    }
    // how many points the chart holds, for whoever diagnoses the console (and the tests)
    container.dataset.points = String(history.times.length);
  }
}
