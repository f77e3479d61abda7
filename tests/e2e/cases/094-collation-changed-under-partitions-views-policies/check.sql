SELECT string_agg(tag, ',') FROM tags;
SELECT string_agg(body, ',' ORDER BY body) FROM notes;
SELECT string_agg(tag, ',' ORDER BY tag) FROM events_2024;
