INSERT INTO room VALUES (1, 'a'), (2, 'b');
INSERT INTO booking VALUES (1, 1, '[2026-01-01,2026-01-02)', 2, 'x', 'y'), (2, 2, '[2026-01-01,2026-01-02)', 3, 'x', 'z');
