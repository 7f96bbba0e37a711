#!/usr/bin/env bash
# Issue 11's reproductions, replayed against a running service: prints one line per reproduction with
# the status now answered (and the problem's detail). Usage:
#   BASE=http://127.0.0.1:3000 KEY=<admin key> bash test/repro/issue-11.sh
set -uo pipefail
: > /tmp/repro11.body
BASE=${BASE:-http://127.0.0.1:3000}
KEY=${KEY:?the admin key}
AUTH="Authorization: Bearer $KEY"
n=0
uuid() { cat /proc/sys/kernel/random/uuid; }
show() { # $1 = label; then curl args
  local label=$1; shift
  local out status
  out=$(curl -s -m 30 -o /tmp/repro11.body -w '%{http_code}' -H "$AUTH" "$@")
  status=$out
  printf '%-66s %s  %s\n' "$label" "$status" "$( (jq -r '.detail // tojson' /tmp/repro11.body 2>/dev/null || head -c 160 /tmp/repro11.body) | head -c 160 | tr '\n' ' ')"
}
event() { # $1 = label, $2 = type, $3 = occurredAt, $4 = data json
  show "$1" -X POST "$BASE/v1/events" -H 'Content-Type: application/json' \
    -d "{\"eventId\":\"$(uuid)\",\"type\":\"$2\",\"occurredAt\":\"$3\",\"data\":$4}"
}
AT=2026-10-05T10:00:00+08:00
P=P-R11-$RANDOM
C=C-R11-$RANDOM
echo "== accepted, then a projection stops for good (now: accepted and projected, or refused with 400)"
event "PartnerRegistered without level" PartnerRegistered $AT "{\"partnerId\":\"$P\",\"name\":\"Repro\",\"tier\":\"solution_provider\",\"timeZone\":\"Asia/Shanghai\",\"currency\":\"CNY\"}"
event "CustomerAssociated (setup)" CustomerAssociated $AT "{\"customerId\":\"$C\",\"customerName\":\"R\",\"partnerId\":\"$P\",\"associationType\":\"referral\"}"
event "AdjustmentPosted amount 10^23" AdjustmentPosted $AT "{\"adjustmentId\":\"A-$RANDOM\",\"customerId\":\"$C\",\"amount\":\"100000000000000000000000\",\"currency\":\"CNY\",\"reason\":\"x\"}"
event "AdjustmentPosted amount 999999999999999.99999999 (largest allowed)" AdjustmentPosted $AT "{\"adjustmentId\":\"A-$RANDOM\",\"customerId\":\"$C\",\"amount\":\"999999999999999.99999999\",\"currency\":\"CNY\",\"reason\":\"x\"}"
event "occurredAt 9999-12-31T23:59:59-05:00" AdjustmentPosted 9999-12-31T23:59:59-05:00 "{\"adjustmentId\":\"A-$RANDOM\",\"customerId\":\"$C\",\"amount\":\"1\",\"currency\":\"CNY\",\"reason\":\"x\"}"
event "OrderPlaced termEnd offset +16:00" OrderPlaced $AT "{\"orderId\":\"O-$RANDOM\",\"customerId\":\"$C\",\"productType\":\"ecs\",\"billingMode\":\"subscription\",\"currency\":\"CNY\",\"listAmount\":\"1\",\"amount\":\"1\",\"resources\":[{\"resourceId\":\"r1\"}],\"termEnd\":\"2027-10-05T10:00:00+16:00\"}"
event "OrderPlaced termEnd in year 0000" OrderPlaced $AT "{\"orderId\":\"O-$RANDOM\",\"customerId\":\"$C\",\"productType\":\"ecs\",\"billingMode\":\"subscription\",\"currency\":\"CNY\",\"listAmount\":\"1\",\"amount\":\"1\",\"resources\":[{\"resourceId\":\"r1\"}],\"termEnd\":\"0000-10-05T10:00:00+08:00\"}"
HEAD=$(psql "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}" -Atc 'select max(global_position) from event_log' 2>/dev/null)
show "consumption ?minPosition=<head> after them" "$BASE/v1/partners/$P/consumption?period=2026-10&minPosition=${HEAD:-1}"
show "/readyz" "$BASE/readyz"
echo "== 500 instead of 400"
show "GET /v1/partners/P1%00/balance" "$BASE/v1/partners/P1%00/balance"
show "GET /v1/partners/P1%ED%A0%80/balance (lone surrogate)" "$BASE/v1/partners/P1%ED%A0%80/balance"
show "?customerName=a%00b" "$BASE/v1/partners/$P/consumption?period=2026-10&customerName=a%00b"
show "?limit=Infinity" "$BASE/v1/partners/$P/incentives?period=2026-10&limit=Infinity"
show "?revision=1e309" "$BASE/v1/partners/$P/statements/2026-10?revision=1e309"
show "?minPosition=1e309" "$BASE/v1/partners/$P/consumption?period=2026-10&minPosition=1e309"
show "forged subscription cursor (date out of range)" "$BASE/v1/customers/$C/subscriptions?cursor=$(printf '{"termEnd":"99999-01-01T00:00:00Z","orderId":"x"}' | base64 -w0)"
deep=$(printf '[%.0s' $(seq 1 3500))$(printf ']%.0s' $(seq 1 3500))
event "resources[0].spec nested 3,500 deep" OrderPlaced $AT "{\"orderId\":\"O-$RANDOM\",\"customerId\":\"$C\",\"productType\":\"ecs\",\"billingMode\":\"subscription\",\"currency\":\"CNY\",\"listAmount\":\"1\",\"amount\":\"1\",\"resources\":[{\"resourceId\":\"r1\",\"spec\":{\"x\":$deep}}]}"
event "occurredAt in year 0000" AdjustmentPosted 0000-10-05T10:00:00+08:00 "{\"adjustmentId\":\"A-$RANDOM\",\"customerId\":\"$C\",\"amount\":\"1\",\"currency\":\"CNY\",\"reason\":\"x\"}"
event "occurredAt offset +16:00" AdjustmentPosted 2026-10-05T10:00:00+16:00 "{\"adjustmentId\":\"A-$RANDOM\",\"customerId\":\"$C\",\"amount\":\"1\",\"currency\":\"CNY\",\"reason\":\"x\"}"
echo "== also"
show "POST declaring Content-Length 1000, sending 11 bytes (time_total)" -X POST "$BASE/v1/events" -H 'Content-Type: application/json' -H 'Content-Length: 1000' --data-binary '{"events":[' -w ' %{time_total}s'
big=$(head -c 900000 /dev/zero | tr '\0' 'c')
printf '{"eventId":"%s","type":"AdjustmentPosted","occurredAt":"%s","metadata":{"causationId":"%s"},"data":{"adjustmentId":"A-%s","customerId":"%s","amount":"1","currency":"CNY","reason":"x"}}' "$(uuid)" $AT "$big" $RANDOM $C > /tmp/repro11.big
show "900 kB causationId" -X POST "$BASE/v1/events" -H 'Content-Type: application/json' --data-binary @/tmp/repro11.big
printf '{"eventId":"%s","type":"AdjustmentPosted","occurredAt":"%s","data":{"adjustmentId":"A-%s","customerId":"%s","amount":"1","currency":"CNY","reason":"\xff\xfe"}}' "$(uuid)" $AT $RANDOM $C > /tmp/repro11.utf8
show "invalid UTF-8 in reason" -X POST "$BASE/v1/events" -H 'Content-Type: application/json' --data-binary @/tmp/repro11.utf8
show "duplicated JSON key" -X POST "$BASE/v1/events" -H 'Content-Type: application/json' -d "{\"eventId\":\"$(uuid)\",\"type\":\"AdjustmentPosted\",\"occurredAt\":\"$AT\",\"data\":{\"adjustmentId\":\"A-$RANDOM\",\"customerId\":\"$C\",\"amount\":\"1\",\"amount\":\"2\",\"currency\":\"CNY\",\"reason\":\"x\"}}"
show "DELETE /v1/events (wrong method)" -X DELETE "$BASE/v1/events" -D /tmp/repro11.headers
echo "   Allow: $(grep -i '^allow:' /tmp/repro11.headers | tr -d '\r' | cut -d' ' -f2-)"
