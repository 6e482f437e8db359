/*
 * The insights dashboard's charts, drawn with Chart.js from the numbers the page carries (json_script).
 * The tables next to the charts hold the same numbers, for screen readers and without JavaScript.
 */
(function () {
    "use strict";

    if (typeof window.Chart === "undefined") {
        return;
    }
    var Chart = window.Chart;
    // Colours told apart by colour-blind readers too (Okabe & Ito, then Tol), none lost on a dark background.
    var PALETTE = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999",
        "#882255", "#44AA99", "#117733", "#332288", "#AA4499", "#DDCC77",
    ];
    var LONGEST_LABEL = 40;

    function numbers(id) {
        var element = document.getElementById(id);
        return element ? JSON.parse(element.textContent) : null;
    }

    function coloured(datasets, line) {
        return datasets.map(function (dataset, index) {
            var colour = PALETTE[index % PALETTE.length];
            return Object.assign({}, dataset, {
                backgroundColor: colour,
                borderColor: colour,
                borderWidth: line ? 2 : 0,
                pointRadius: line ? 1.5 : 0,
                tension: 0.2,
            });
        });
    }

    function shortened(label) {
        return label.length > LONGEST_LABEL ? label.slice(0, LONGEST_LABEL - 1) + "…" : label;
    }

    var style = window.getComputedStyle(document.body);
    Chart.defaults.color = style.color;
    Chart.defaults.font.family = style.fontFamily;
    Chart.defaults.locale = document.documentElement.lang || "en";
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.plugins.legend.position = "bottom";

    var mostRead = numbers("insights-most-read-data");
    var barCanvas = document.getElementById("insights-most-read-chart");
    if (mostRead && barCanvas) {
        new Chart(barCanvas, {
            type: "bar",
            data: { labels: mostRead.labels, datasets: coloured(mostRead.datasets, false) },
            options: {
                indexAxis: "y",
                scales: {
                    x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
                    y: {
                        stacked: true,
                        ticks: {
                            autoSkip: false,
                            callback: function (value) {
                                return shortened(this.getLabelForValue(value));
                            },
                        },
                    },
                },
                plugins: { tooltip: { mode: "index" } },
            },
        });
    }

    var perLanguage = numbers("insights-languages-data");
    var lineCanvas = document.getElementById("insights-languages-chart");
    if (perLanguage && lineCanvas) {
        new Chart(lineCanvas, {
            type: "line",
            data: { labels: perLanguage.labels, datasets: coloured(perLanguage.datasets, true) },
            options: {
                interaction: { mode: "index", intersect: false },
                scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
            },
        });
    }
})();
