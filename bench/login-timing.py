# Login failures must not tell whether an account exists: compares the time of a wrong password,
# an unknown account and a right password (60 of each, interleaved). Run the server with
# AUTH_LIMIT_PER_IP and AUTH_LIMIT_PER_ID raised, then: python3 bench/login-timing.py http://127.0.0.1:PORT
import json, urllib.request, time, statistics, uuid
import sys
B=sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
assert B.startswith("http://127.0.0.1:"), "only a server on this machine"
def post(p, body):
    r=urllib.request.Request(B+p, data=json.dumps(body).encode(), method="POST", headers={"Content-Type":"application/json"})
    t=time.perf_counter()
    try:
        with urllib.request.urlopen(r) as resp: resp.read(); s=resp.status
    except urllib.error.HTTPError as e: e.read(); s=e.code
    return s, (time.perf_counter()-t)*1000
email=f"t-{uuid.uuid4()}@x.com"
post("/api/auth/register",{"name":"T","email":email,"password":"password1"})
for _ in range(10): post("/api/auth/login",{"email":email,"password":"wrongpass"})
wrong=[];unknown=[];right=[]
for i in range(60):
    s,t=post("/api/auth/login",{"email":email,"password":"wrongpass"}); assert s==401; wrong.append(t)
    s,t=post("/api/auth/login",{"email":f"nobody-{i}@x.com","password":"wrongpass"}); assert s==401; unknown.append(t)
    s,t=post("/api/auth/login",{"email":email,"password":"password1"}); assert s==200; right.append(t)
q=lambda xs: (round(statistics.median(xs),1), round(sorted(xs)[int(len(xs)*0.9)],1))
print("wrong password  median/p90 ms", q(wrong))
print("unknown account median/p90 ms", q(unknown))
print("right password  median/p90 ms", q(right))
