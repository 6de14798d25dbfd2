-- sqlite3 workload for bench/real: bulk inserts, indexes, joins, group-by, LIKE, a correlated subquery, updates and
-- deletes. Scale: the first row of `params` (the runner replaces ROWS with the row count).
CREATE TABLE params(n INTEGER);
INSERT INTO params VALUES (ROWS);
CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT, city TEXT, score REAL);
CREATE TABLE orders(id INTEGER PRIMARY KEY, cust INTEGER, item TEXT, qty INTEGER, price REAL);
BEGIN;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c, params WHERE i < n / 10)
INSERT INTO customer SELECT i, 'cust' || i || '-' || substr('abcdefghijklmnop', i % 13 + 1, 3),
       'city' || (i * 7 % 97), (i * 31 % 1000) / 10.0 FROM c;
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c, params WHERE i < n)
INSERT INTO orders SELECT i, (i * 7919) % (SELECT n / 10 FROM params) + 1,
       'item' || (i % 1009) || substr('xyzzyplughfoobar', i % 11 + 1, 4), i % 17 + 1, (i * 13 % 10007) / 100.0 FROM c;
COMMIT;
CREATE INDEX orders_cust ON orders(cust);
CREATE INDEX orders_item ON orders(item, qty);
CREATE INDEX customer_city ON customer(city);
SELECT count(*), sum(qty), printf('%.2f', sum(qty * price)) FROM orders;
SELECT c.city, count(*), sum(o.qty), printf('%.2f', avg(o.price)) FROM orders o JOIN customer c ON c.id = o.cust
 GROUP BY c.city ORDER BY sum(o.qty) DESC, c.city LIMIT 8;
SELECT count(*) FROM orders WHERE item LIKE 'item1%plug%';
SELECT count(*) FROM customer WHERE name LIKE '%-def' OR name GLOB 'cust1*-abc';
SELECT c.name, t.total FROM customer c JOIN (SELECT cust, sum(qty * price) AS total FROM orders GROUP BY cust) t
 ON t.cust = c.id ORDER BY t.total DESC, c.id LIMIT 5;
SELECT item, count(DISTINCT cust) FROM orders WHERE qty > 10 GROUP BY item HAVING count(*) > 3
 ORDER BY 2 DESC, 1 LIMIT 5;
SELECT count(*) FROM customer c WHERE score > (SELECT avg(price) FROM orders o WHERE o.cust = c.id);
UPDATE orders SET qty = qty + 1 WHERE item LIKE '%foo%';
DELETE FROM orders WHERE id % 5 = 0;
SELECT count(*), sum(qty) FROM orders;
SELECT group_concat(city, ',') FROM (SELECT DISTINCT city FROM customer ORDER BY city LIMIT 6);
SELECT o1.item, count(*) FROM orders o1 JOIN orders o2 ON o1.cust = o2.cust AND o1.id < o2.id
 WHERE o1.cust <= 200 GROUP BY o1.item ORDER BY 2 DESC, 1 LIMIT 3;
