// chronology's HTML view: draws the events of the list below it on a time axis to scale.
// Positions are naive seconds on the page's display clock (data-lo, data-hi); user text is
// read from the list with textContent and written with textContent only.
(() => {
  "use strict";
  const DAY = 86400;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const LANE = 24; // pixels per lane
  const TOP = 20; // room for a row's name
  const MIN_WIDTH = 6; // the narrowest bar, in pixels
  const POINT = 12; // a point marker's width
  const GAP = 6; // between two events in a lane
  const MAX_LANES = 24; // a row stacks labels only while it needs no more lanes than this
  const MAX_ROW_LANES = 40; // beyond this many lanes, a row says how many it cannot draw
  const SPACING = 90; // between ticks
  const MIN_SPP = 0.01; // seconds per pixel when zoomed in furthest
  const MAX_SECONDS = 1e15;
  const FINE = new Set(["day", "minute", "second"]);

  const view = document.getElementById("view");
  const list = document.getElementById("events");
  if (!view || !list) return;
  const stage = view.querySelector(".stage");
  const axis = view.querySelector(".axis");
  const rowEls = Array.from(view.querySelectorAll(".row"));
  const detail = view.querySelector(".detail");
  const detailBody = view.querySelector(".detail-body");
  const search = document.getElementById("search");
  const tagBoxes = Array.from(view.querySelectorAll("input[data-tag]"));
  const zone = document.body.dataset.zone || "UTC";

  // ------------------------------------------------------------ calendar arithmetic

  // Day number (days since 1970-01-01) <-> proleptic Gregorian date, any year: Howard
  // Hinnant's algorithm, as chronology's Python side computes it.
  function civil(days) {
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
  }

  function daysFrom(year, month, day) {
    const y = year - (month <= 2 ? 1 : 0);
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }

  function yearWords(year) {
    if (year <= 0) return `${1 - year} BC`;
    if (year < 1000) return `AD ${year}`;
    return String(year);
  }

  const pad = (n) => String(n).padStart(2, "0");

  function dayLabel(at) {
    const [year, month, day] = civil(Math.floor(at / DAY));
    return month === 1 && day === 1 ? yearWords(year) : `${day} ${MONTHS[month - 1]}`;
  }

  function timeLabel(at) {
    const seconds = at - Math.floor(at / DAY) * DAY;
    if (seconds === 0) return dayLabel(at);
    return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}`;
  }

  // Ticks at least SPACING pixels apart on round minutes, hours, days, months or years
  // (the same steps as the SVG drawing).
  function ticks(lo, hi, width) {
    const wanted = ((hi - lo) / width) * SPACING;
    for (const step of [60, 300, 900, 1800, 3600, 10800, 21600, 43200]) {
      if (step >= wanted) return regular(lo, hi, step, timeLabel);
    }
    for (const days of [1, 2, 7, 14]) {
      if (days * DAY >= wanted) return regular(lo, hi, days * DAY, dayLabel);
    }
    for (const months of [1, 3, 6]) {
      if (months * 30.4 * DAY >= wanted) return monthTicks(lo, hi, months);
    }
    for (let scale = 1; ; scale *= 10) {
      for (const step of [1, 2, 5]) {
        if (step * scale * 365.2425 * DAY >= wanted) return yearTicks(lo, hi, step * scale);
      }
    }
  }

  function regular(lo, hi, step, label) {
    const found = [];
    for (let at = Math.ceil(lo / step) * step; at <= hi; at += step) found.push([at, label(at)]);
    return found;
  }

  function monthTicks(lo, hi, step) {
    const [year, month] = civil(Math.floor(lo / DAY));
    let index = Math.ceil((year * 12 + month - 1) / step) * step;
    const found = [];
    for (;;) {
      const y = Math.floor(index / 12);
      const m = index - y * 12;
      const at = daysFrom(y, m + 1, 1) * DAY;
      if (at > hi) return found;
      if (at >= lo) found.push([at, m === 0 ? yearWords(y) : MONTHS[m]]);
      index += step;
    }
  }

  // Round years as people count them: AD years multiple of the step, and BC years whose
  // BC number is (1000 BC, not astronomical -1000).
  function yearTicks(lo, hi, step) {
    const first = civil(Math.floor(lo / DAY))[0];
    const last = civil(Math.floor(hi / DAY))[0];
    const years = [];
    if (first <= 0) {
      const bc = [];
      for (let n = Math.ceil((1 - Math.min(last, 0)) / step) * step; n <= 1 - first; n += step) bc.push(1 - n);
      years.push(...bc.reverse());
    }
    if (last >= 1) {
      for (let y = Math.ceil(Math.max(first, 1) / step) * step; y <= last; y += step) years.push(y);
    }
    const found = [];
    for (const year of years) {
      const at = daysFrom(year, 1, 1) * DAY;
      if (at >= lo && at <= hi) found.push([at, yearWords(year)]);
    }
    return found;
  }

  // ------------------------------------------------------------ the events

  const measure = document.createElement("canvas").getContext("2d");
  if (measure) measure.font = `12px ${getComputedStyle(document.body).fontFamily}`;

  const events = Array.from(list.children).map((li, index) => {
    const data = li.dataset;
    const q = data.q || "";
    const heading = li.firstElementChild; // <h3><span class="when"> <span class="what">
    const title = heading.lastElementChild.textContent;
    return {
      li,
      index,
      title,
      when: heading.firstElementChild.textContent,
      text: null, // what search looks in, read when first searched
      lo: data.lo === undefined ? null : Number(data.lo),
      hi: data.hi === undefined ? null : Number(data.hi),
      precision: data.p || "",
      q,
      group: Number(data.g || 0),
      top: 0, // the row's room above its lanes
      tags: data.t ? data.t.split(" ") : [],
      point: q.includes("p"),
      shown: true,
      crowded: false, // no lane left for it at this zoom
      lane: 0,
      ax0: 0, // extent in absolute pixels (seconds / spp)
      ax1: 0,
      labelFits: true,
      drawn: null, // [left, width, top] last written, to skip unchanged elements
      el: null,
      labelWidth: measure ? Math.ceil(measure.measureText(title).width) + 10 : title.length * 7 + 10,
    };
  });

  function classes(e) {
    const names = ["ev"];
    if (e.point) names.push("point");
    else if (e.precision && !FINE.has(e.precision)) names.push("coarse");
    if (e.q.includes("a")) names.push("approx");
    if (e.q.includes("u")) names.push("doubt");
    if (e.q.includes("x")) names.push("unspec");
    if (e.q.includes("s")) names.push("open-s");
    if (e.q.includes("e")) names.push("open-e");
    return names.join(" ");
  }

  const fragments = rowEls.map(() => document.createDocumentFragment());
  const tops = rowEls.map((row) => top(row));
  // Each event's element: a copy of one made here (copying is faster than building 10,000),
  // out of view (hidden) until it is first placed.
  let width = 800; // the stage's width, read once it is shown
  const model = document.createElement("div");
  model.tabIndex = -1;
  model.setAttribute("role", "button");
  const modelFill = document.createElement("div");
  modelFill.className = "fill";
  const modelLabel = document.createElement("span");
  modelLabel.className = "label";
  model.append(modelFill, modelLabel);
  view.hidden = false;
  width = stage.clientWidth || width; // read now: before 10,000 elements make it costly
  for (const e of events) {
    const el = model.cloneNode(true);
    el.className = `${classes(e)} c${e.group % 8} off`;
    el.setAttribute("aria-label", `${e.when}: ${e.title}`);
    el.dataset.index = String(e.index);
    el.lastChild.textContent = e.title;
    const g = rowEls[e.group] ? e.group : 0;
    fragments[g].append(el);
    e.el = el;
    e.top = tops[g];
  }
  rowEls.forEach((row, g) => row.append(fragments[g]));
  if (events.length) events[0].el.tabIndex = 0;
  let focused = events.length ? events[0] : null;

  // ------------------------------------------------------------ the view

  let t0 = 0; // the naive second at the left edge
  let spp = 1; // seconds per pixel
  let lanesFor = NaN; // the spp the lanes were laid out for
  let pending = false;
  let selected = null;

  const clampSpp = (value) => Math.min(Math.max(value, MIN_SPP), (4 * MAX_SECONDS) / Math.max(width, 1));

  function extent(shownOnly) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const e of events) {
      if (shownOnly && !e.shown) continue;
      if (e.lo !== null) lo = Math.min(lo, e.lo);
      if (e.hi !== null) hi = Math.max(hi, e.hi);
      if (e.lo === null && e.hi !== null) lo = Math.min(lo, e.hi - DAY);
      if (e.hi === null && e.lo !== null) hi = Math.max(hi, e.lo + DAY);
    }
    if (lo === Infinity || hi === -Infinity) {
      const now = today();
      return [now - 365 * DAY, now + 365 * DAY];
    }
    if (hi - lo < 3600) return [lo - 1800, hi + 1800];
    return [lo, hi];
  }

  // Everything shown in view, with room at the right for the last labels (at most a
  // third of the width).
  function fit() {
    const [lo, hi] = extent(true);
    let room = 0;
    for (const e of events) {
      if (e.shown && e.hi !== null && e.hi >= hi - (hi - lo) * 0.1) room = Math.max(room, e.labelWidth);
    }
    room = Math.min(room, width / 3);
    const margin = (hi - lo) * 0.02;
    spp = clampSpp((hi - lo + 2 * margin) / Math.max(width - room, 1));
    t0 = lo - margin;
    schedule();
  }

  // Now on the display clock: UTC moved by the display zone's offset (from the browser's
  // own time-zone data), or the browser's zone for `local`; UTC when per event.
  function today() {
    const now = Date.now();
    let offset = 0;
    if (zone === "local") offset = -new Date(now).getTimezoneOffset() * 60;
    else if (zone !== "UTC" && zone !== "event") {
      try {
        const parts = new Intl.DateTimeFormat("en-US", {
          timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
          hour: "numeric", minute: "numeric", second: "numeric",
        }).formatToParts(new Date(now));
        const get = (type) => Number(parts.find((p) => p.type === type).value);
        const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
        offset = Math.round((wall - now) / 1000);
      } catch (error) {
        offset = 0;
      }
    }
    return Math.floor(now / 1000) + offset;
  }

  function layoutLanes() {
    const byGroup = rowEls.map(() => []);
    for (const e of events) {
      if (!e.shown) continue;
      e.ax0 = e.lo === null ? -Infinity : e.lo / spp;
      const end = e.hi === null ? Infinity : e.hi / spp;
      if (e.point) {
        e.ax0 -= POINT / 2;
        e.ax1 = e.ax0 + POINT;
      } else {
        e.ax1 = Math.max(end, e.ax0 + MIN_WIDTH);
      }
      (byGroup[e.group] || byGroup[0]).push(e);
    }
    byGroup.forEach((members, g) => {
      members.sort((a, b) => a.ax0 - b.ax0 || a.index - b.index);
      // Every label gets room of its own while that takes at most MAX_LANES lanes; in a
      // denser row, bars get lanes and a label shows where the next bar leaves it room.
      let lanes = stack(members, true);
      if (lanes > MAX_LANES) lanes = stack(members, false);
      const row = rowEls[g];
      const height = `${top(row) + Math.max(lanes, 1) * LANE + 4}px`;
      if (row.style.height !== height) row.style.height = height;
      const crowded = members.filter((e) => e.crowded).length;
      let note = row.querySelector(".crowd");
      if (crowded && !note) {
        note = document.createElement("span");
        note.className = "crowd";
        row.append(note);
      }
      if (note) {
        // written only when it changes: a write lays the row out again
        const says = `${crowded} more too close together to draw at this zoom: zoom in`;
        note.hidden = !crowded;
        if (crowded && note.textContent !== says) note.textContent = says;
      }
    });
    lanesFor = spp;
    for (const e of events) e.drawn = null;
  }

  // First-fit of the events (sorted by start) into lanes; returns the number of lanes.
  function stack(members, withLabels) {
    const ends = []; // each lane's right end
    const last = []; // each lane's last event
    for (const e of members) {
      let lane = 0;
      while (lane < ends.length && ends[lane] + GAP > e.ax0) lane++;
      if (!withLabels && lane >= MAX_ROW_LANES) {
        // no lane left at this zoom: hidden and counted, unless it has the focus, when it
        // is drawn over the last lane
        e.crowded = e !== focused;
        e.lane = MAX_ROW_LANES - 1;
        e.labelFits = false;
        continue;
      }
      e.crowded = false;
      if (!withLabels && last[lane]) {
        const before = last[lane];
        before.labelFits = e.ax0 - before.ax1 >= before.labelWidth + GAP;
      }
      ends[lane] = withLabels ? e.ax1 + e.labelWidth : e.ax1;
      last[lane] = e;
      e.lane = lane;
      e.labelFits = true;
    }
    return ends.length;
  }

  // Whether the event's row has events it cannot draw at this zoom.
  function crowdedRow(e) {
    const note = (rowEls[e.group] || rowEls[0]).querySelector(".crowd");
    return Boolean(note && !note.hidden);
  }

  // A row's room above its lanes: for its name, when it has one.
  function top(row) {
    return row.querySelector(".row-name").textContent ? TOP : 4;
  }

  function drawAxis() {
    const found = ticks(t0, t0 + width * spp, width);
    axis.replaceChildren(
      ...found.map(([at, label]) => {
        const tick = document.createElement("div");
        tick.className = "tick";
        tick.textContent = label;
        tick.style.transform = `translateX(${Math.round((at - t0) / spp)}px)`;
        return tick;
      }),
    );
  }

  function position() {
    const shift = t0 / spp;
    if (focused) focused.el.classList.toggle("over", focused.lane === MAX_ROW_LANES - 1 && crowdedRow(focused));
    for (const e of events) {
      if (!e.shown) continue;
      if (e.crowded) {
        e.el.classList.add("off");
        e.drawn = null;
        continue;
      }
      const x0 = e.ax0 - shift;
      const x1 = e.ax1 - shift;
      const reach = e.labelFits ? x1 + e.labelWidth : x1;
      const visible = reach >= -20 && x0 <= width + 20;
      e.el.classList.toggle("off", !visible);
      if (!visible) continue;
      const left = Math.max(x0, -40);
      const right = Math.min(x1, width + 40);
      const y = e.top + e.lane * LANE;
      const barWidth = Math.max(Math.round(right - left), 1);
      // A label that would run out of view at the right sits on the bar, where it is seen.
      const inside = e.labelFits && x1 + e.labelWidth > width && right - Math.max(left, 0) > e.labelWidth;
      const labelAt = inside ? Math.round(Math.max(left, 0) - left) + 4 : barWidth + 4;
      const drawn = [Math.round(left), barWidth, y, labelAt];
      const old = e.drawn;
      if (old && old[0] === drawn[0] && old[1] === drawn[1] && old[2] === drawn[2] && old[3] === labelAt) {
        continue;
      }
      e.el.style.transform = `translate(${drawn[0]}px, ${y}px)`;
      // The bar and the label move inside the element, whose own size never changes: a
      // change stays inside it (a relayout boundary) instead of laying out the whole row.
      if (!old || old[1] !== barWidth) e.el.firstChild.style.width = `${barWidth}px`;
      if (!old || old[3] !== labelAt) e.el.lastChild.style.left = `${labelAt}px`;
      e.el.classList.toggle("inside", inside);
      e.el.classList.toggle("nolabel", !e.labelFits && !inside);
      e.drawn = drawn;
    }
  }

  function frame() {
    pending = false;
    if (lanesFor !== spp) layoutLanes();
    drawAxis();
    position();
  }

  function schedule() {
    if (!pending) {
      pending = true;
      requestAnimationFrame(frame);
    }
  }

  function zoomAt(factor, x) {
    const at = t0 + x * spp;
    spp = clampSpp(spp * factor);
    t0 = at - x * spp;
    schedule();
  }

  function pan(pixels) {
    t0 += pixels * spp;
    schedule();
  }

  // ------------------------------------------------------------ selection and focus

  function shownInOrder() {
    return events.filter((e) => e.shown);
  }

  function reveal(e) {
    const x0 = e.lo === null ? -Infinity : (e.lo - t0) / spp; // an open end reaches out
    const x1 = e.hi === null ? Infinity : (e.hi - t0) / spp;
    if (x1 < 0 || x0 > width) {
      const middle = e.lo !== null ? (e.hi !== null ? (e.lo + e.hi) / 2 : e.lo) : e.hi;
      t0 = middle - (width / 2) * spp;
      schedule();
    }
  }

  function focusEvent(e) {
    if (!e) return;
    if (focused && focused !== e) focused.el.tabIndex = -1;
    focused = e;
    e.el.tabIndex = 0;
    reveal(e);
    lanesFor = NaN; // lay out again: the focused event is always drawn
    frame();
    e.el.focus({ preventScroll: true });
  }

  function select(e, share) {
    if (selected) selected.el.classList.remove("sel");
    selected = e;
    if (!e) {
      detail.hidden = true;
      detailBody.replaceChildren();
      if (share) history.replaceState(null, "", location.pathname + location.search);
      return;
    }
    e.el.classList.add("sel");
    const copy = Array.from(e.li.children).map((child) => child.cloneNode(true));
    const note = document.createElement("p");
    note.className = "zone";
    note.textContent = `Times in ${zone}.`;
    detailBody.replaceChildren(...copy, note);
    detail.hidden = false;
    if (share) history.replaceState(null, "", `#${e.li.id}`);
    reveal(e);
  }

  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const e = id.startsWith("event-") ? events.find((x) => x.li.id === id) : null;
    if (!e) return;
    if (!e.shown) {
      search.value = "";
      for (const box of tagBoxes) box.checked = true;
      filter();
    }
    select(e, false);
    focusEvent(e);
    view.scrollIntoView();
  }

  // ------------------------------------------------------------ search and tags

  const status = document.createElement("p");
  status.className = "status";
  status.setAttribute("role", "status");
  view.querySelector(".controls").append(status);

  function filter() {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    const on = new Set(tagBoxes.filter((b) => b.checked).map((b) => b.dataset.tag));
    let count = 0;
    for (const e of events) {
      const tagged = !tagBoxes.length || (e.tags.length ? e.tags.some((t) => on.has(t)) : on.has("none"));
      if (words.length && e.text === null) e.text = e.li.textContent.toLowerCase();
      e.shown = tagged && words.every((w) => e.text.includes(w));
      e.li.hidden = !e.shown;
      e.el.classList.toggle("off", !e.shown);
      if (e.shown) count++;
    }
    status.textContent = count === events.length ? `${count} events` : `${count} of ${events.length} events`;
    if (selected && !selected.shown) select(null, true);
    if (focused && !focused.shown) {
      const next = shownInOrder()[0];
      if (next) {
        focused.el.tabIndex = -1;
        focused = next;
        next.el.tabIndex = 0;
      }
    }
    lanesFor = NaN;
    schedule();
  }

  search.addEventListener("input", filter);
  for (const box of tagBoxes) box.addEventListener("change", filter);

  // ------------------------------------------------------------ input

  view.querySelector(".controls").addEventListener("click", (ev) => {
    const button = ev.target.closest("button[data-act]");
    if (!button) return;
    const act = button.dataset.act;
    if (act === "in") zoomAt(1 / 1.5, width / 2);
    else if (act === "out") zoomAt(1.5, width / 2);
    else if (act === "fit") fit();
    else if (act === "today") {
      t0 = today() - (width / 2) * spp;
      schedule();
    }
  });
  detail.querySelector(".close").addEventListener("click", () => {
    const was = selected;
    select(null, true);
    if (was) was.el.focus({ preventScroll: true });
  });

  stage.addEventListener(
    "wheel",
    (ev) => {
      ev.preventDefault();
      const x = ev.clientX - stage.getBoundingClientRect().left;
      const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? width : 1;
      if (!ev.ctrlKey && Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) pan(ev.deltaX * unit);
      else zoomAt(Math.exp(ev.deltaY * unit * 0.0015), x);
    },
    { passive: false },
  );

  const pointers = new Map();
  let moved = 0;
  stage.addEventListener("pointerdown", (ev) => {
    if (ev.button !== 0) return;
    pointers.set(ev.pointerId, ev.clientX);
    moved = 0;
    try {
      stage.setPointerCapture(ev.pointerId);
    } catch (error) {
      // a pointer the browser no longer tracks: dragging works without capture
    }
    stage.classList.add("dragging");
  });
  stage.addEventListener("pointermove", (ev) => {
    if (!pointers.has(ev.pointerId)) return;
    const before = pointers.get(ev.pointerId);
    if (pointers.size === 1) {
      pan(before - ev.clientX);
      moved += Math.abs(before - ev.clientX);
    } else if (pointers.size === 2) {
      const [a, b] = Array.from(pointers.entries());
      const other = a[0] === ev.pointerId ? b[1] : a[1];
      const was = Math.abs(before - other);
      const now = Math.abs(ev.clientX - other);
      if (was > 10 && now > 10) {
        const x = (ev.clientX + other) / 2 - stage.getBoundingClientRect().left;
        zoomAt(was / now, x);
      }
      moved += 10;
    }
    pointers.set(ev.pointerId, ev.clientX);
  });
  const release = (ev) => {
    if (!pointers.delete(ev.pointerId)) return;
    if (!pointers.size) stage.classList.remove("dragging");
    if (moved < 4 && ev.type === "pointerup") {
      const target = document.elementFromPoint(ev.clientX, ev.clientY);
      const el = target && target.closest(".ev");
      if (el) {
        const e = events[Number(el.dataset.index)];
        focusEvent(e);
        select(e, true);
      }
    }
  };
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);

  stage.addEventListener("keydown", (ev) => {
    const el = ev.target.closest && ev.target.closest(".ev");
    const e = el ? events[Number(el.dataset.index)] : null;
    const order = e ? shownInOrder() : null;
    const at = order ? order.indexOf(e) : -1;
    let handled = true;
    switch (ev.key) {
      case "+":
      case "=":
        zoomAt(1 / 1.5, width / 2);
        break;
      case "-":
      case "_":
        zoomAt(1.5, width / 2);
        break;
      case "ArrowLeft":
        if (e) focusEvent(order[Math.max(at - 1, 0)]);
        else pan(-width / 10);
        break;
      case "ArrowRight":
        if (e) focusEvent(order[Math.min(at + 1, order.length - 1)]);
        else pan(width / 10);
        break;
      case "Home":
        if (e) focusEvent(order[0]);
        else handled = false;
        break;
      case "End":
        if (e) focusEvent(order[order.length - 1]);
        else handled = false;
        break;
      case "Enter":
      case " ":
        if (e) select(e, true);
        else handled = false;
        break;
      case "Escape":
        if (selected) select(null, true);
        else handled = false;
        break;
      default:
        handled = false;
    }
    if (handled) ev.preventDefault();
  });

  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => {
      const w = stage.clientWidth;
      if (w && w !== width) {
        const middle = t0 + (width / 2) * spp;
        width = w;
        t0 = middle - (width / 2) * spp;
        schedule();
      }
    }).observe(stage);
  }

  window.addEventListener("hashchange", fromHash);

  filter();
  fit();
  frame();
  if (location.hash) fromHash();
  document.documentElement.dataset.ready = "true";

  // A long list is not styled while the page loads (view.css): once the drawing is on
  // screen, its items move into a list in view, CHUNK at a time, so the page answers input
  // meanwhile. (Moving items costs a few milliseconds a chunk; showing them in place
  // costs far more.)
  if (list.classList.contains("later")) {
    const CHUNK = 250;
    const shown = list.cloneNode(false);
    shown.classList.remove("later");
    list.id = "events-later";
    list.before(shown);
    const items = Array.from(list.children);
    let next = 0;
    const step = () => {
      const chunk = document.createDocumentFragment();
      chunk.append(...items.slice(next, next + CHUNK));
      shown.append(chunk);
      next += CHUNK;
      if (next < items.length) setTimeout(step, 0);
      else {
        list.remove();
        document.documentElement.dataset.listed = "true";
      }
    };
    requestAnimationFrame(() => requestAnimationFrame(step));
  } else {
    document.documentElement.dataset.listed = "true";
  }
})();
