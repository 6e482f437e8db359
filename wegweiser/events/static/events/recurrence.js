/* The event editor's repetition choices and exception dates (see events/forms.py): shows the parts that
   belong to the chosen frequency and end, suggests weekday and day from the event's start, and adds
   date fields for more exceptions. The form works the same without it; it only shows everything. */
(() => {
  "use strict";
  const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

  function eventStart() {
    const field = document.getElementById("id_start");
    const match = field && /^(\d{4})-(\d{2})-(\d{2})/.exec(field.value);
    return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
  }

  function suggestFromStart(root, frequency) {
    const start = eventStart();
    if (!start) return;
    const weekday = WEEKDAYS[(start.getDay() + 6) % 7];
    if (frequency === "weekly") {
      const boxes = root.querySelectorAll('input[type="checkbox"]');
      if (![...boxes].some((box) => box.checked)) {
        boxes.forEach((box) => { box.checked = box.value === weekday; });
      }
    } else if (frequency === "monthly-date") {
      const day = root.querySelector('[name$="_month_day"]');
      if (day && !day.value) day.value = String(start.getDate());
    } else if (frequency === "monthly-weekday") {
      const position = root.querySelector('[name$="_position"]');
      const chosenDay = root.querySelector('[name$="_weekday"]');
      const daysInMonth = new Date(start.getFullYear(), start.getMonth() + 1, 0).getDate();
      if (position && !position.value) {
        position.value = start.getDate() + 7 > daysInMonth ? "-1" : String(Math.ceil(start.getDate() / 7));
      }
      if (chosenDay && !chosenDay.value) chosenDay.value = weekday;
    }
  }

  function update(root) {
    const frequency = root.querySelector("[data-recurrence-frequency]").value;
    root.querySelectorAll("[data-recurrence-show]").forEach((part) => {
      part.hidden = !part.dataset.recurrenceShow.split(" ").includes(frequency);
    });
    const ending = root.querySelector("[data-recurrence-ending-choice] input:checked");
    root.querySelectorAll("[data-recurrence-ending]").forEach((part) => {
      part.hidden = !ending || part.dataset.recurrenceEnding !== ending.value;
    });
  }

  function setUpRecurrence(root) {
    if (root.dataset.recurrenceReady) return;
    root.dataset.recurrenceReady = "true";
    root.querySelector("[data-recurrence-frequency]").addEventListener("change", (event) => {
      suggestFromStart(root, event.target.value);
    });
    root.addEventListener("change", () => update(root));
    update(root);
  }

  function setUpExceptions(root) {
    if (root.dataset.exceptionsReady) return;
    root.dataset.exceptionsReady = "true";
    const list = root.querySelector("[data-exception-list]");
    const add = root.querySelector("[data-exception-add]");
    add.hidden = false;
    add.addEventListener("click", () => {
      const last = list.querySelector("li:last-child");
      const copy = last.cloneNode(true);
      const input = copy.querySelector("input");
      input.value = "";
      input.removeAttribute("id");
      list.append(copy);
      input.focus();
    });
  }

  function setUpAll() {
    document.querySelectorAll("[data-recurrence]").forEach(setUpRecurrence);
    document.querySelectorAll("[data-exception-dates]").forEach(setUpExceptions);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
