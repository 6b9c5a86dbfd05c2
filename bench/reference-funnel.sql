-- The yardstick for the funnel target (issue 5): the 5-step, 7-day funnel of bench/specs.ts written
-- the straightforward way, a self-join per step bounded by the window, over the app's `events`
-- table. Each attempt (every site_visit) takes, at each next step, the user's earliest event of that
-- step at or after the previous step and within 7 days of the attempt's start (end inclusive); a
-- user counts at the furthest step any attempt reaches. For distinct step events this is the
-- contract's ordered-funnel count; it computes users per step only (no times, no best attempt).
WITH e AS (
  SELECT user_id, ts, event FROM events
  WHERE event IN ('site_visit', 'product_view', 'add_to_cart', 'purchase', 'repeat_purchase')
),
s1 AS (SELECT user_id, ts AS t1 FROM e WHERE event = 'site_visit'),
s2 AS (
  SELECT s1.user_id, s1.t1, min(e.ts) AS t2 FROM s1 JOIN e
    ON e.user_id = s1.user_id AND e.event = 'product_view' AND e.ts BETWEEN s1.t1 AND s1.t1 + INTERVAL 7 DAY
  GROUP BY s1.user_id, s1.t1
),
s3 AS (
  SELECT s2.user_id, s2.t1, min(e.ts) AS t3 FROM s2 JOIN e
    ON e.user_id = s2.user_id AND e.event = 'add_to_cart' AND e.ts BETWEEN s2.t2 AND s2.t1 + INTERVAL 7 DAY
  GROUP BY s2.user_id, s2.t1
),
s4 AS (
  SELECT s3.user_id, s3.t1, min(e.ts) AS t4 FROM s3 JOIN e
    ON e.user_id = s3.user_id AND e.event = 'purchase' AND e.ts BETWEEN s3.t3 AND s3.t1 + INTERVAL 7 DAY
  GROUP BY s3.user_id, s3.t1
),
s5 AS (
  SELECT s4.user_id, s4.t1, min(e.ts) AS t5 FROM s4 JOIN e
    ON e.user_id = s4.user_id AND e.event = 'repeat_purchase' AND e.ts BETWEEN s4.t4 AND s4.t1 + INTERVAL 7 DAY
  GROUP BY s4.user_id, s4.t1
)
SELECT
  (SELECT count(DISTINCT user_id) FROM s1)::BIGINT AS c1,
  (SELECT count(DISTINCT user_id) FROM s2)::BIGINT AS c2,
  (SELECT count(DISTINCT user_id) FROM s3)::BIGINT AS c3,
  (SELECT count(DISTINCT user_id) FROM s4)::BIGINT AS c4,
  (SELECT count(DISTINCT user_id) FROM s5)::BIGINT AS c5
