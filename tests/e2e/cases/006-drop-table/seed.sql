INSERT INTO keep VALUES (1, 'one'), (2, 'two');
INSERT INTO gone VALUES (1);
