// Editors of opening hours (wegweiser/places/widgets.py): <wegweiser-opening-hours> edits a week,
// <wegweiser-opening-exceptions> a list of date ranges with other hours. Both write JSON into the textarea
// they wrap, which is what the form sends; without this script, the editor sees that textarea. Plain custom
// elements, so they also start inside content added later (an inline panel's new form).
(() => {
  "use strict";

  const make = (tag, properties = {}, ...children) => {
    const element = Object.assign(document.createElement(tag), properties);
    element.append(...children);
    return element;
  };
  const button = (text, onClick, action) => {
    const element = make("button", { type: "button", className: "button button-small button-secondary" }, text);
    element.dataset.action = action;
    element.addEventListener("click", onClick);
    return element;
  };

  // A day as the editor shows it: a mode, and the time slots when open at times.
  const modeOf = (day) => {
    if (day.closed) return "closed";
    if (day.allDay) return "allDay";
    if (day.appointmentOnly && !(day.timeSlots || []).length) return "appointment";
    return "times";
  };
  const dayOf = (mode, slots, alsoAppointment, timezone) => ({
    allDay: mode === "allDay",
    closed: mode === "closed",
    appointmentOnly: mode === "appointment" || (mode === "times" && alsoAppointment),
    timeSlots: mode === "times" ? slots.map(([start, end]) => ({ start, end, timezone })) : [],
  });

  // The controls of one day (of the week or of an exception). ``changed`` is called after every change.
  class DayEditor {
    constructor(texts, day, label, changed, modes = texts.modes) {
      this.texts = texts;
      this.label = label;
      this.changed = changed;
      this.slots = (day.timeSlots || []).map((slot) => [slot.start || "", slot.end || ""]);
      this.mode = make("select", { className: "places-hours-mode", ariaLabel: label });
      for (const [value, text] of Object.entries(modes)) this.mode.append(make("option", { value }, text));
      this.mode.value = modeOf(day);
      this.appointment = make("input", { type: "checkbox", checked: Boolean(day.appointmentOnly) });
      this.appointmentLabel = make("label", { className: "places-hours-appointment" }, this.appointment, " ", texts.alsoAppointment);
      this.slotList = make("div", { className: "places-hours-slots" });
      this.element = make("div", { className: "places-hours-day" }, this.mode, this.slotList, this.appointmentLabel);
      this.mode.addEventListener("change", () => {
        if (this.mode.value === "times" && !this.slots.length) this.slots.push(["", ""]);
        this.render();
        this.changed();
      });
      this.appointment.addEventListener("change", () => this.changed());
      this.render();
    }

    render() {
      const times = this.mode.value === "times";
      this.appointmentLabel.hidden = !times;
      this.slotList.hidden = !times;
      this.slotList.replaceChildren();
      this.slots.forEach((slot, index) => {
        const number = this.slots.length > 1 ? ` ${index + 1}` : "";
        const input = (position, name) => {
          const field = make("input", { type: "time", value: slot[position], ariaLabel: `${this.label}${number}: ${name}` });
          field.addEventListener("input", () => {
            slot[position] = field.value;
            this.changed();
          });
          return field;
        };
        const remove = button(this.texts.remove, () => {
          this.slots.splice(index, 1);
          if (!this.slots.length) this.mode.value = "closed";
          this.render();
          this.changed();
        }, "remove-slot");
        remove.ariaLabel = `${this.texts.remove}: ${this.label}${number}`;
        this.slotList.append(
          make("div", { className: "places-hours-slot" }, input(0, this.texts.opens), ` ${this.texts.until} `, input(1, this.texts.closes), remove),
        );
      });
      this.slotList.append(
        button(this.texts.addSlot, () => {
          this.slots.push(["", ""]);
          this.render();
          this.changed();
          this.slotList.querySelectorAll("input")[(this.slots.length - 1) * 2].focus();
        }, "add-slot"),
      );
    }

    value(timezone) {
      return dayOf(this.mode.value, this.slots, this.appointment.checked, timezone);
    }
  }

  // What both editors share: the settings, the textarea, reading it and writing to it.
  class JsonEditor extends HTMLElement {
    connectedCallback() {
      if (this.started) return;
      this.started = true;
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => this.start(), { once: true });
      else this.start();
    }

    start() {
      this.texts = JSON.parse(this.dataset.editor);
      this.field = this.querySelector("textarea");
      let value;
      try {
        value = JSON.parse(this.field.value.trim() || "null");
      } catch {
        return; // not JSON: the editor sees the textarea and the form's error
      }
      if (!this.accepts(value)) return;
      this.field.hidden = true;
      this.box = make("div", { className: "places-hours-editor" });
      this.append(this.box);
      this.load(value);
    }

    write(value) {
      this.field.value = value === null ? "" : JSON.stringify(value);
      this.field.dispatchEvent(new Event("change", { bubbles: true }));
    }
  }

  class OpeningHours extends JsonEditor {
    accepts(value) {
      return value === null || (Array.isArray(value) && value.length === 7 && value.every((day) => day && typeof day === "object"));
    }

    load(week) {
      this.box.replaceChildren();
      if (week === null) {
        this.days = null;
        this.box.append(
          make("p", { className: "help" }, this.texts.none),
          button(this.texts.add, () => {
            const closed = { allDay: false, closed: true, appointmentOnly: false, timeSlots: [] };
            const monday = { ...closed, closed: false, timeSlots: [{ start: "", end: "" }] };
            this.load([monday, ...Array.from({ length: 6 }, () => ({ ...closed }))]);
            this.save();
            this.box.querySelector("input[type=time]").focus();
          }, "add-hours"),
        );
        return;
      }
      const table = make("div", { className: "places-hours-week" });
      this.days = week.map((day, index) => {
        const name = this.texts.days[index];
        const editor = new DayEditor(this.texts, day, name, () => this.save());
        table.append(make("div", { className: "places-hours-row" }, make("span", { className: "places-hours-name" }, name), editor.element));
        return editor;
      });
      this.box.append(
        table,
        make(
          "p",
          { className: "places-hours-actions" },
          button(this.texts.copyMonday, () => {
            const monday = this.days[0].value(this.texts.timezone);
            this.load(this.days.map((editor, index) => (index >= 1 && index <= 4 ? monday : editor.value(this.texts.timezone))));
            this.save();
          }, "copy-monday"),
          " ",
          button(this.texts.clear, () => {
            this.load(null);
            this.save();
          }, "remove-hours"),
        ),
      );
    }

    save() {
      this.write(this.days ? this.days.map((editor) => editor.value(this.texts.timezone)) : null);
    }
  }

  class OpeningExceptions extends JsonEditor {
    accepts(value) {
      return value === null || (Array.isArray(value) && value.every((item) => item && typeof item === "object"));
    }

    load(exceptions) {
      this.rows = [];
      this.list = make("div", { className: "places-exceptions" });
      this.box.replaceChildren(
        this.list,
        button(this.texts.add, () => {
          this.add({ start: "", end: "", closed: true, allDay: false, appointmentOnly: false, timeSlots: [], note: "" });
          this.save();
          this.rows[this.rows.length - 1].first.focus();
        }, "add-exception"),
      );
      (exceptions || []).forEach((exception) => this.add(exception));
      this.showEmpty();
    }

    add(exception) {
      const label = this.texts.exception.replace("{number}", this.rows.length + 1);
      const dateInput = (value, text) => {
        const input = make("input", { type: "date", value: value || "" });
        input.addEventListener("input", () => this.save());
        return [input, make("label", { className: "places-exception-date" }, text, " ", input)];
      };
      const [first, firstLabel] = dateInput(exception.start, this.texts.first);
      const [last, lastLabel] = dateInput(exception.end, this.texts.last);
      const note = make("input", { type: "text", value: exception.note || "", maxLength: this.texts.noteLength, placeholder: this.texts.notePlaceholder });
      note.addEventListener("input", () => this.save());
      const day = new DayEditor(this.texts, exception, label, () => this.save(), this.texts.modes);
      const row = { first, last, note, day };
      const fieldset = make(
        "fieldset",
        { className: "places-exception" },
        make("legend", {}, label),
        make("div", { className: "places-exception-dates" }, firstLabel, lastLabel),
        day.element,
        make("label", { className: "places-exception-note" }, this.texts.note, " ", note),
        button(this.texts.remove, () => {
          this.rows.splice(this.rows.indexOf(row), 1);
          fieldset.remove();
          this.showEmpty();
          this.save();
        }, "remove-exception"),
      );
      this.rows.push(row);
      this.list.append(fieldset);
      this.showEmpty();
    }

    showEmpty() {
      this.list.querySelector(".places-exceptions-none")?.remove();
      if (!this.rows.length) this.list.append(make("p", { className: "help places-exceptions-none" }, this.texts.none));
    }

    save() {
      this.write(
        this.rows.map(({ first, last, note, day }) => ({
          start: first.value,
          end: last.value || first.value,
          ...day.value(this.texts.timezone),
          note: note.value.trim(),
        })),
      );
    }
  }

  if (!customElements.get("wegweiser-opening-hours")) customElements.define("wegweiser-opening-hours", OpeningHours);
  if (!customElements.get("wegweiser-opening-exceptions")) customElements.define("wegweiser-opening-exceptions", OpeningExceptions);
})();
