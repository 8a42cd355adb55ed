#!/usr/bin/python3
"""Writes train.csv/test.csv: 100 users, 40 posts, every post engaged by a different number of distinct train
users (2..41), so that popularity has no ties and any tie-breaking gives the same ranking. The test file also
holds rows the recommend task must drop (unknown user, unknown post) and a repeated row (collapses).
Then: /usr/bin/python3 /work/shared/peers/sklearn_nmf_eval.py --train train.csv --test test.csv --solvers cd --factors 10
      > peer-expected.json"""
import random

rng = random.Random(20250101)
users = [f"u{i:03d}" for i in range(1, 101)]
posts = [f"p{j:02d}" for j in range(1, 41)]
counts = list(range(2, 42))
rng.shuffle(counts)
train, seen = [], {u: set() for u in users}
t = 1_700_000_000
for post, count in zip(posts, counts):
    for user in rng.sample(users, count):
        t += rng.randint(1, 600)
        train.append((user, post, t))
        seen[user].add(post)
rng.shuffle(train)
test = []
for user in users[:90]:
    unseen = [p for p in posts if p not in seen[user]]
    for post in rng.sample(unseen, rng.randint(1, 5)):
        t += rng.randint(1, 600)
        test.append((user, post, t))
test.append(("u999", "p01", t + 1))    # user not in train: dropped
test.append(("u001", "p99", t + 2))    # post not in train: dropped
test.append(test[0][:2] + (t + 3,))    # repeated pair: collapses
with open("train.csv", "w") as f:
    f.write("user_id,post_id,timestamp\n")
    f.writelines(f"{u},{p},{ts}\n" for u, p, ts in train)
with open("test.csv", "w") as f:
    f.write("user_id,post_id,timestamp\n")
    f.writelines(f"{u},{p},{ts}\n" for u, p, ts in test)
