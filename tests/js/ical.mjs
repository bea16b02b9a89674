// Parse an iCalendar document from stdin with ical.js (Thunderbird's parser) and print its
// calendar properties and events as JSON.
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(0, "utf8");
try {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const time = (value) =>
    value ? { value: value.toString(), isDate: value.isDate, unix: value.toUnixTime() } : null;
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      location: event.location,
      categories: component.getAllProperties("categories").flatMap((p) => p.getValues()),
      url: component.getFirstPropertyValue("url"),
      dtstart: time(event.startDate),
      dtend: component.hasProperty("dtend") ? time(event.endDate) : null,
      properties: component.getAllProperties().map((p) => p.name),
    };
  });
  console.log(
    JSON.stringify({
      name: calendar.getFirstPropertyValue("name"),
      calname: calendar.getFirstPropertyValue("x-wr-calname"),
      method: calendar.getFirstPropertyValue("method"),
      events,
    }),
  );
} catch (error) {
  console.error(String(error));
  process.exit(2);
}
