// chronology's HTML view: draws the events of the list below it on a time axis to scale.
// It runs before the list is in the page, from the data block before it (`#marks`: what
// each event is drawn from, in the list's order), and takes the list's items when the
// page has them. Positions are naive seconds on the page's display clock; user text is
// written with textContent only.
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
  const marks = document.getElementById("marks");
  if (!view || !marks) return;
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

  // The bars and labels are drawn on a canvas per row: 10,000 elements moving at every step
  // of a zoom cost Chromium 240 ms a frame in style, layout and paint (benchmarks/page.py).
  // An event has an element of its own only while it has the focus or is selected: what
  // the keyboard, a screen reader and the rings of focus and selection need.
  const font = getComputedStyle(document.body).fontFamily;
  const measure = document.createElement("canvas").getContext("2d");
  if (measure) measure.font = `12px ${font}`;

  const events = JSON.parse(marks.textContent).map(([lo, hi, group, precision, q, t, when, title, id], index) => {
    const point = q.includes("p");
    return {
      li: null, // its item in the list, once the page has it
      id: `event-${id}`, // its item's id
      index,
      title,
      when,
      text: null, // what search looks in, read from its item when first searched
      lo,
      hi,
      group,
      tags: t ? t.split(" ") : [],
      point,
      // how it is drawn (the legend's kinds), read once
      coarse: !point && precision !== "" && !FINE.has(precision),
      hatched: q.includes("a"),
      doubt: q.includes("u"),
      dotted: q.includes("x"),
      openStart: q.includes("s"),
      openEnd: q.includes("e"),
      shown: true,
      crowded: false, // no lane left for it at this zoom
      over: false, // the focused event in a full row: drawn over its last lane
      lane: 0,
      ax0: 0, // extent in absolute pixels (seconds / spp)
      ax1: 0,
      labelFits: true,
      box: null, // where it is drawn now, in its row's pixels; null when it is not
      drawn: null, // where its element was last put
      el: null, // its element, made when it first takes the focus or is selected
      labelWidth: measure ? Math.ceil(measure.measureText(title).width) + 10 : title.length * 7 + 10,
    };
  });

  view.hidden = false;
  let width = stage.clientWidth || 800; // the stage's width
  const rows = rowEls.map((el) => {
    const canvas = document.createElement("canvas");
    canvas.className = "bars";
    canvas.setAttribute("aria-hidden", "true");
    const room = top(el);
    el.prepend(canvas); // under the row's name and note
    return { el, canvas, ctx: canvas.getContext("2d"), top: room, members: [], lanes: 1, height: 0, says: "", note: null };
  });
  const rowOf = (e) => rows[e.group] || rows[0];

  const model = document.createElement("div");
  model.tabIndex = -1;
  model.setAttribute("role", "button");
  const modelFill = document.createElement("div");
  modelFill.className = "fill";
  const modelLabel = document.createElement("span");
  modelLabel.className = "label";
  model.append(modelFill, modelLabel);

  function element(e) {
    if (!e.el) {
      const el = model.cloneNode(true);
      el.className = `ev${e.point ? " point" : ""} c${e.group % 8} off`;
      el.setAttribute("aria-label", `${e.when}: ${e.title}`);
      el.dataset.index = String(e.index);
      el.lastChild.textContent = e.title;
      rowOf(e).el.append(el);
      e.el = el;
    }
    return e.el;
  }

  let focused = events.length ? events[0] : null;
  if (focused) element(focused).tabIndex = 0;
  let raised = []; // the events whose elements are shown

  // ------------------------------------------------------------ colours and patterns

  let palette = null;
  const patterns = new Map();

  function readPalette() {
    const style = getComputedStyle(stage);
    const value = (name) => style.getPropertyValue(name).trim();
    palette = {
      bg: value("--bg") || "#fff",
      fg: value("--fg") || "#000",
      line: value("--line") || "#ccc",
      muted: value("--muted") || "#555",
      c: Array.from({ length: 8 }, (_, i) => value(`--c${i}`) || "#0072b2"),
    };
    patterns.clear();
    copies.clear();
  }

  // The legend's samples as canvas patterns: stripes for approximate (135 degrees, 4 px of
  // colour in 7), dots for unspecified digits (every 5 px).
  function pattern(kind, colour) {
    const key = `${kind} ${colour}`;
    if (patterns.has(key)) return patterns.get(key);
    const size = kind === "dots" ? 5 : 10;
    const tile = document.createElement("canvas");
    tile.width = size;
    tile.height = size;
    const g = tile.getContext("2d");
    let made = colour;
    if (g) {
      g.fillStyle = colour;
      g.beginPath();
      if (kind === "dots") g.arc(2.5, 2.5, 1.7, 0, 2 * Math.PI);
      else {
        // bands where 0 <= (x + y) mod 10 < 5.7: 4 px of every 7 across the stripes
        for (const a of [-10, 0, 10, 20]) {
          g.moveTo(a, 0);
          g.lineTo(a + 5.7, 0);
          g.lineTo(0, a + 5.7);
          g.lineTo(0, a);
          g.closePath();
        }
      }
      g.fill();
      made = g.createPattern(tile, "repeat") || colour;
    }
    patterns.set(key, made);
    return made;
  }

  // ------------------------------------------------------------ the view

  let t0 = 0; // the naive second at the left edge
  let spp = 1; // seconds per pixel
  let lanesFor = NaN; // the spp the lanes were laid out for
  let shrink = true; // rows take the height of their lanes, not the most they have had
  let regroup = true; // the events shown have changed: each row's members are found again
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
    shrink = true;
    lanesFor = NaN;
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
    }
    if (regroup) {
      for (const row of rows) row.members = [];
      for (const e of events) if (e.shown) rowOf(e).members.push(e);
      for (const row of rows) row.members.sort(before);
      regroup = false;
    } else {
      // after a zoom step the order has hardly changed (a point's marker starts half its
      // width early): insertion sort takes a few swaps where sort took 5 ms
      for (const row of rows) settle(row.members);
    }
    for (const row of rows) {
      const members = row.members;
      // Every label gets room of its own while that takes at most MAX_LANES lanes; in a
      // denser row, bars get lanes and a label shows where the next bar leaves it room.
      let lanes = stack(members, true);
      if (lanes > MAX_LANES) lanes = stack(members, false);
      // A row keeps its height while the view zooms and pans (it grows when it must): the
      // page below, and what is under the pointer, stay put. Fit and filters shrink it.
      row.lanes = shrink ? Math.max(lanes, 1) : Math.max(lanes, row.lanes);
      const height = row.top + row.lanes * LANE + 4;
      if (row.height !== height) {
        row.height = height;
        row.el.style.height = `${height}px`;
      }
      let crowded = 0;
      for (const e of members) if (e.crowded) crowded++;
      row.says = crowded ? `${crowded} more too close together to draw at this zoom: zoom in` : "";
    }
    clearTimeout(notesTimer);
    notesTimer = setTimeout(writeNotes, 300);
    lanesFor = spp;
    shrink = false;
  }

  // A crowded row says so on its drawing at once, and in its note (what a screen reader
  // reads) once the zoom has rested for 300 ms: changing the note's text at every step had
  // Chromium walk the whole page again.
  let notesTimer = 0;
  const notes = document.createElement("div"); // what the notes' changes lay out: only it
  notes.className = "notes";
  stage.append(notes);
  function writeNotes() {
    notesTimer = 0;
    for (const row of rows) {
      if (row.says && !row.note) {
        row.note = document.createElement("p");
        row.note.className = "crowd";
        notes.append(row.note);
      }
      if (row.note && row.note.textContent !== row.says) row.note.textContent = row.says;
    }
  }

  const before = (a, b) => a.ax0 - b.ax0 || a.index - b.index;

  function settle(members) {
    for (let i = 1; i < members.length; i++) {
      const e = members[i];
      let j = i - 1;
      if (before(members[j], e) <= 0) continue;
      while (j >= 0 && before(members[j], e) > 0) {
        members[j + 1] = members[j];
        j--;
      }
      members[j + 1] = e;
    }
  }

  // First-fit of the events (sorted by start) into lanes; returns the number of lanes.
  function stack(members, withLabels) {
    const ends = []; // each lane's right end
    const last = []; // each lane's last event
    for (const e of members) {
      let lane = 0;
      while (lane < ends.length && ends[lane] + GAP > e.ax0) lane++;
      if (withLabels && lane >= MAX_LANES) return lane + 1; // too many: stacked without
      if (!withLabels && lane >= MAX_ROW_LANES) {
        // no lane left at this zoom: not drawn and counted, unless it has the focus, when
        // it is drawn over the last lane
        e.crowded = e !== focused;
        e.over = e === focused;
        e.lane = MAX_ROW_LANES - 1;
        e.labelFits = false;
        continue;
      }
      e.crowded = false;
      e.over = false;
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

  // A row's room above its lanes: for its name, when it has one.
  function top(row) {
    return row.querySelector(".row-name").textContent ? TOP : 4;
  }

  // The axis is drawn too: replacing a dozen tick elements at each step laid the whole
  // page out again.
  const axisCanvas = document.createElement("canvas");
  axisCanvas.className = "bars";
  axis.append(axisCanvas);
  const axisContext = axisCanvas.getContext("2d");
  let drawnTicks = [];

  // A canvas the stage's width and `height` CSS pixels, at the screen's resolution; resized
  // only when one of those changes (a resize clears it and allocates it again).
  function resize(canvas, height, ratio) {
    const size = `${width} ${height} ${ratio}`;
    if (canvas.drawnSize === size) return;
    canvas.drawnSize = size;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }

  function drawAxis(ratio) {
    const height = axis.clientHeight || 30;
    resize(axisCanvas, height, ratio);
    drawnTicks = ticks(t0, t0 + width * spp, width).map(([at, label]) => [Math.round((at - t0) / spp), label]);
    const g = axisContext;
    if (!g) return;
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    g.fillStyle = palette.line;
    for (const [x] of drawnTicks) g.fillRect(x, 0, 1, height);
    g.font = `12px ${font}`;
    g.textBaseline = "middle";
    g.fillStyle = palette.muted;
    for (const [x, label] of drawnTicks) g.fillText(label, x + 5, 15);
  }

  // Where the event goes at this pan and zoom, in its row's pixels, or null out of view:
  // the bar from `left`, `width` wide (a point's marker is POINT wide), the label `labelAt`
  // from there, on the bar (`inside`) when it would run out of view at the right.
  function place(e, row, shift) {
    const x0 = e.ax0 - shift;
    const x1 = e.ax1 - shift;
    const reach = e.labelFits ? x1 + e.labelWidth : x1;
    if (reach < -20 || x0 > width + 20) return null;
    const left = Math.max(x0, -40);
    const right = Math.min(x1, width + 40);
    const barWidth = Math.max(Math.round(right - left), 1);
    const inside = e.labelFits && x1 + e.labelWidth > width && right - Math.max(left, 0) > e.labelWidth;
    const labelAt = inside ? Math.round(Math.max(left, 0) - left) + 4 : barWidth + 4;
    return { left: Math.round(left), top: row.top + e.lane * LANE, width: barWidth, labelAt, inside, label: e.labelFits };
  }

  function roundedRect(g, x, y, w, h, r) {
    if (g.roundRect) g.roundRect(x, y, w, h, Math.min(r, w / 2, h / 2));
    else g.rect(x, y, w, h);
  }

  // A bar as the legend's sample draws it: solid, striped (approximate) or dotted
  // (unspecified digits), faint with a dashed edge when uncertain; soft edges over a month,
  // year or decade, fading out toward an open end. A point is a diamond.
  function bar(g, e, box) {
    const colour = palette.c[e.group % 8];
    g.globalAlpha = e.doubt ? 0.6 : 1;
    g.fillStyle = e.dotted ? pattern("dots", colour) : e.hatched ? pattern("hatch", colour) : colour;
    g.strokeStyle = e.doubt ? palette.fg : colour;
    g.setLineDash(e.doubt ? [3, 3] : []);
    g.beginPath();
    if (e.point) {
      const x = box.left + POINT / 2;
      const y = box.top + 10;
      const r = 6.5;
      g.moveTo(x, y - r);
      g.lineTo(x + r, y);
      g.lineTo(x, y + r);
      g.lineTo(x - r, y);
      g.closePath();
    } else {
      roundedRect(g, box.left + 0.5, box.top + 3.5, Math.max(box.width - 1, 0), 13, 3);
    }
    g.fill();
    g.stroke();
    if (e.point || !(e.coarse || e.openStart || e.openEnd)) return;
    // what of the bar stays, from its left to its right edge: erased where it fades
    const w = box.width;
    let stops;
    if (e.openStart && e.openEnd) stops = [[0, 0], [0.3, 1], [0.7, 1], [1, 0]];
    else if (e.openStart) stops = [[0, 0], [Math.min(80, 0.6 * w) / w, 1], [1, 1]];
    else if (e.openEnd) stops = [[0, 1], [1 - Math.min(80, 0.6 * w) / w, 1], [1, 0]];
    else {
      const soft = Math.min(12, 0.3 * w) / w;
      stops = [[0, 0], [soft, 1], [1 - soft, 1], [1, 0]];
    }
    const fade = g.createLinearGradient(box.left, 0, box.left + w, 0);
    for (const [at, kept] of stops) fade.addColorStop(at, `rgba(0, 0, 0, ${1 - kept})`);
    g.globalAlpha = 1;
    g.globalCompositeOperation = "destination-out";
    g.fillStyle = fade;
    g.fillRect(box.left, box.top + 2, w, 16);
    g.globalCompositeOperation = "source-over";
  }

  // A narrow bar is copied from a drawing of its look and width, made once: tracing a
  // rounded rectangle, filling, edging and fading it cost 40 of a 47 ms frame at "fit
  // all" over 10,000 events (thousands of bars, most of them a few pixels wide). Patterned
  // bars are not copied: their pattern is laid from the canvas's corner. A copy spans the
  // bar from 2 pixels before it (a point's diamond and every edge fit in), at the screen's
  // resolution, and is kept as its pixels.
  //
  // The copies are laid into one picture of the row's pixels, put on the canvas at once:
  // a drawImage per bar (2,300 at "fit all") cost 25-30 ms of each such frame in
  // Chromium, measured against the same frames with none drawn; with the picture, such a
  // frame takes 21-28 ms in all, where it took 46-57.
  const COPIED = 64; // the widest bar copied, in pixels
  const copies = new Map();

  function copy(e, box, ratio) {
    const key = `${e.group % 8} ${e.doubt} ${e.point} ${e.coarse} ${e.openStart} ${e.openEnd} ${box.width} ${ratio}`;
    let made = copies.get(key);
    if (!made) {
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil((box.width + 4) * ratio);
      canvas.height = Math.ceil(LANE * ratio);
      const g = canvas.getContext("2d", { willReadFrequently: true });
      if (!g) return null;
      g.setTransform(ratio, 0, 0, ratio, 2 * ratio, 0);
      bar(g, e, { left: 0, top: 0, width: box.width });
      const pixels = g.getImageData(0, 0, canvas.width, canvas.height);
      made = { width: canvas.width, height: canvas.height, data: new Uint32Array(pixels.data.buffer) };
      if (copies.size > 2000) copies.clear();
      copies.set(key, made);
    }
    return made;
  }

  // Lays `made` into `picture` (a row's pixels as ImageData holds them) at pixel (x, y):
  // its pixels that are not wholly transparent. Copies do not overlap (lanes are LANE
  // apart and a copy is LANE high; bars in a lane are GAP apart and a copy reaches 2
  // pixels out), so nothing is drawn over: a pixel is written as it is. A copy is cut at
  // the sides only: the canvas is as high as the row's lanes.
  function lay(picture, made, x, y) {
    const width = picture.width;
    const into = picture.words;
    const from = made.data;
    const left = Math.max(0, -x);
    const right = Math.min(made.width, width - x);
    for (let row = 0; row < made.height; row++) {
      const source = row * made.width;
      const target = (y + row) * width + x;
      for (let column = left; column < right; column++) {
        const pixel = from[source + column];
        if (pixel !== 0) into[target + column] = pixel;
      }
    }
  }

  // A row's picture of its canvas's size, cleared; one per canvas, made again on a resize.
  function picture(row) {
    const canvas = row.canvas;
    let found = row.picture;
    if (!found || found.width !== canvas.width || found.height !== canvas.height) {
      const image = row.ctx.createImageData(canvas.width, canvas.height);
      found = { image, width: canvas.width, height: canvas.height, words: new Uint32Array(image.data.buffer) };
      row.picture = found;
    } else {
      found.words.fill(0);
    }
    return found;
  }

  function label(g, e, box) {
    let x = box.left + box.labelAt;
    g.globalAlpha = 1;
    g.setLineDash([]);
    if (box.inside) {
      g.beginPath();
      roundedRect(g, x + 0.5, box.top + 2.5, e.labelWidth - 1, 15, 3);
      g.fillStyle = palette.bg;
      g.fill();
      g.strokeStyle = palette.c[e.group % 8];
      g.stroke();
      x += 5;
    }
    g.font = `${e === selected ? "bold " : ""}12px ${font}`;
    g.fillStyle = palette.fg;
    g.fillText(e.title, x, box.top + 11);
  }

  function draw(ratio) {
    const shift = t0 / spp;
    for (const e of events) e.box = null;
    for (const row of rows) {
      resize(row.canvas, row.height, ratio);
      const g = row.ctx;
      if (!g) continue;
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, width, row.height);
      g.lineWidth = 1;
      g.textBaseline = "middle";
      const labelled = [];
      const drawn = [];
      let over = null;
      let laid = null;
      for (const e of row.members) {
        if (e.crowded) continue;
        const box = place(e, row, shift);
        if (!box) continue;
        e.box = box;
        if (e.over) over = e;
        else {
          // copies first, in the screen's pixels (each lands on whole pixels): the picture
          // they make replaces the canvas's pixels; the rest is drawn over it
          const made = box.width <= COPIED && !e.dotted && !e.hatched ? copy(e, box, ratio) : null;
          if (made) {
            laid = laid || picture(row);
            lay(laid, made, Math.round((box.left - 2) * ratio), Math.round(box.top * ratio));
          } else drawn.push(e);
          if (box.label) labelled.push(e);
        }
      }
      if (laid) g.putImageData(laid.image, 0, 0);
      for (const e of drawn) bar(g, e, e.box);
      for (const e of labelled) label(g, e, e.box);
      if (row.says) {
        g.font = `12px ${font}`;
        const w = Math.ceil(g.measureText(row.says).width) + 8;
        g.fillStyle = palette.bg;
        g.fillRect(width - w - 4, 1, w, 17);
        g.fillStyle = palette.muted;
        g.fillText(row.says, width - w, 10);
      }
      if (over) {
        // over the last lane: cleared around first, to be seen
        g.clearRect(over.box.left - 2, over.box.top + 1, (over.point ? POINT : over.box.width) + 4, 18);
        bar(g, over, over.box);
      }
    }
    raise();
  }

  // Shows the elements of the focused and the selected event over their drawing, and no
  // other. The focused one stays in the page even out of view: it is where Tab goes.
  function raise() {
    const now = [focused, selected].filter((e, i, all) => e && all.indexOf(e) === i);
    for (const e of raised) if (!now.includes(e)) e.el.classList.add("off");
    for (const e of now) {
      const el = element(e);
      const box = e.box;
      el.classList.remove("off");
      el.classList.toggle("away", !box);
      if (!box) continue;
      const drawn = [box.left, box.top, box.width, box.labelAt, box.inside, box.label];
      if (e.drawn && drawn.every((v, i) => v === e.drawn[i])) continue;
      e.drawn = drawn;
      el.style.transform = `translate(${box.left}px, ${box.top}px)`;
      if (!e.point) el.firstChild.style.width = `${box.width}px`;
      el.lastChild.style.left = `${box.labelAt}px`;
      el.classList.toggle("inside", box.inside);
      el.classList.toggle("nolabel", !box.label);
    }
    raised = now;
  }

  function frame() {
    pending = false;
    if (lanesFor !== spp) layoutLanes();
    if (!palette) readPalette();
    const ratio = window.devicePixelRatio || 1;
    drawAxis(ratio);
    draw(ratio);
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

  // The event drawn under a point of the page (its bar, marker or label), or null.
  function hit(clientX, clientY) {
    for (const row of rows) {
      const r = row.canvas.getBoundingClientRect();
      if (clientY < r.top || clientY >= r.bottom) continue;
      const x = clientX - r.left;
      const y = clientY - r.top;
      let found = null;
      for (const e of row.members) {
        const box = e.box;
        if (!box || y < box.top || y >= box.top + LANE - 2) continue;
        let right = box.left + (e.point ? POINT : box.width);
        if (box.label && !box.inside) right = box.left + box.labelAt + e.labelWidth;
        if (x >= box.left - 2 && x <= right + 2) {
          found = e;
          if (e.over) break;
        }
      }
      return found;
    }
    return null;
  }

  // Where each event is drawn, in the page's pixels (null when it is not), as the page
  // draws it on its canvases: for tests and tools that drive the page.
  view.drawn = () => {
    const rects = rows.map((row) => row.canvas.getBoundingClientRect());
    return events.map((e) => {
      const box = e.box;
      if (!box) return null;
      const r = rects[rows.indexOf(rowOf(e))];
      const left = r.left + box.left;
      return {
        left,
        top: r.top + box.top + (e.point ? 4 : 3),
        width: e.point ? POINT : box.width,
        height: e.point ? POINT : 14,
        label: box.label ? { left: left + box.labelAt, inside: box.inside } : null,
      };
    });
  };

  // The axis's ticks as drawn: [x in the page's pixels, label].
  view.ticks = () => {
    const left = axisCanvas.getBoundingClientRect().left;
    return drawnTicks.map(([x, label]) => [left + x, label]);
  };

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
    if (focused && focused !== e && focused.el) focused.el.tabIndex = -1;
    focused = e;
    const el = element(e);
    el.tabIndex = 0;
    reveal(e);
    lanesFor = NaN; // lay out again: the focused event is always drawn
    frame();
    el.focus({ preventScroll: true });
  }

  function select(e, share) {
    if (selected && selected.el) selected.el.classList.remove("sel");
    selected = e;
    schedule(); // a selected label is drawn bold
    if (!e) {
      detail.hidden = true;
      detailBody.replaceChildren();
      if (share) history.replaceState(null, "", location.pathname + location.search);
      return;
    }
    element(e).classList.add("sel");
    describe(e);
    detail.hidden = false;
    if (share) history.replaceState(null, "", `#${e.id}`);
    reveal(e);
  }

  // The detail panel: a copy of the event's item, or its date and title until the list is
  // in the page (the panel is written again then).
  function describe(e) {
    let nodes;
    if (e.li) nodes = Array.from(e.li.children).map((child) => child.cloneNode(true));
    else {
      const heading = document.createElement("h3");
      heading.textContent = `${e.when} ${e.title}`;
      nodes = [heading];
    }
    const note = document.createElement("p");
    note.className = "zone";
    note.textContent = `Times in ${zone}.`;
    detailBody.replaceChildren(...nodes, note);
  }

  function fromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const e = id.startsWith("event-") ? events.find((x) => x.id === id) : null;
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
      let text = "";
      if (words.length) {
        if (e.li && e.text === null) e.text = e.li.textContent.toLowerCase();
        text = e.li ? e.text : `${e.when} ${e.title}`.toLowerCase(); // until the list is there
      }
      e.shown = tagged && words.every((w) => text.includes(w));
      if (e.li) e.li.hidden = !e.shown;
      if (e.shown) count++;
    }
    status.textContent = count === events.length ? `${count} events` : `${count} of ${events.length} events`;
    if (selected && !selected.shown) select(null, true);
    if (focused && !focused.shown) {
      const next = shownInOrder()[0];
      if (next) {
        if (focused.el) focused.el.tabIndex = -1;
        focused = next;
        element(next).tabIndex = 0;
      }
    }
    lanesFor = NaN;
    shrink = true;
    regroup = true;
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
    if (was && was.el) was.el.focus({ preventScroll: true });
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
    if (!pointers.has(ev.pointerId)) {
      if (ev.pointerType === "mouse") stage.classList.toggle("over-event", hit(ev.clientX, ev.clientY) !== null);
      return;
    }
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
      const e = hit(ev.clientX, ev.clientY);
      if (e) {
        focusEvent(e);
        select(e, true);
      }
    }
  };
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);

  // Tab onto the focused event's element when it is out of view: the view goes to it.
  stage.addEventListener("focusin", (ev) => {
    const el = ev.target.closest && ev.target.closest(".ev");
    if (el && el.classList.contains("away")) {
      reveal(events[Number(el.dataset.index)]);
      lanesFor = NaN;
      schedule();
    }
  });

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

  // Light and dark: the canvases take their colours from the style sheet's.
  if (window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
      palette = null;
      schedule();
    });
  }

  window.addEventListener("hashchange", fromHash);
  // Opened from a link to one event: the browser, once it has loaded the page, takes the
  // focus from that event (its item, the link's target, takes no focus). Given back, unless
  // the focus went somewhere meanwhile.
  window.addEventListener("load", () => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (location.hash && selected && lost) focusEvent(selected);
  });

  filter();
  fit();
  frame();
  writeNotes();
  if (location.hash) fromHash();
  document.documentElement.dataset.ready = "true";

  // The list, once the page has it: each event takes its item (the same order); filters
  // set meanwhile are applied to the items (a search then looks in their whole text, where
  // it looked in titles and dates); the detail panel gets the whole item.
  function takeTheList() {
    const list = document.getElementById("events");
    if (!list || list.children.length !== events.length) return;
    const items = Array.from(list.children);
    for (const e of events) e.li = items[e.index];
    if (events.some((e) => !e.shown)) filter();
    if (selected) describe(selected);
    // room for the list until it is first laid out: about what its items take
    list.style.containIntrinsicSize = `auto ${list.children.length * 150}px`;

    // A long list is not styled while the page loads (view.css): once the drawing is on
    // screen, its items move into a list in view, CHUNK at a time, so the page answers input
    // meanwhile. (Moving items costs a few milliseconds a chunk; showing them in place
    // costs far more.) Every node moves, the white space between the items too: items
    // taken from the front with their white space left behind made each removal walk past
    // all of it (10,000 items were in place after 55 s; 13 s now, the items' own layout).
    if (list.classList.contains("later")) {
      const CHUNK = 250;
      const shown = list.cloneNode(false);
      shown.classList.remove("later");
      shown.style.containIntrinsicSize = list.style.containIntrinsicSize;
      list.id = "events-later";
      list.before(shown);
      const step = () => {
        const chunk = document.createDocumentFragment();
        for (let moved = 0; list.firstChild && moved < CHUNK; ) {
          const node = list.firstChild;
          if (node.nodeType === Node.ELEMENT_NODE) moved++;
          chunk.append(node);
        }
        shown.append(chunk);
        if (list.firstChild) setTimeout(step, 0);
        else {
          list.remove();
          document.documentElement.dataset.listed = "true";
        }
      };
      requestAnimationFrame(() => requestAnimationFrame(step));
    } else {
      document.documentElement.dataset.listed = "true";
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", takeTheList);
  else takeTheList();
})();
