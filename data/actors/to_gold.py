import json,sys
S=[json.loads(l) for l in open('data/actors/sample.jsonl')]
out=[]
for line in open('data/actors/labels.txt'):
    if line.startswith('#') or not line.strip(): continue
    i,sp,sc,st,tc,tt,notes=line.rstrip('\n').split('|',6)
    n=lambda v: None if v=='-' else v
    out.append({"id":S[int(i)]["id"],"speaker":n(sp),"speaker_country":n(sc),"speaker_type":n(st),"target_country":n(tc),"target_type":n(tt),"notes":notes})
assert [o["id"] for o in out]==[s["id"] for s in S[:len(out)]]
open('data/actors/gold.jsonl','w').write(''.join(json.dumps(o,ensure_ascii=False)+'\n' for o in out))
print(len(out))
