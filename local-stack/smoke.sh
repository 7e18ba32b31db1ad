#!/usr/bin/env bash
# Calls each deployed function through its API Gateway route on LocalStack and prints what came back.
# Fails (non-zero) when an answer is not the one the contract promises.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

require_localstack

api_id=$(awslocal_cli apigateway get-rest-apis --query "items[?name=='$STACK_NAME' || name=='UsersApi'].id | [0]" --output text 2>/dev/null || true)
if [ -z "$api_id" ] || [ "$api_id" = "None" ]; then
    api_id=$(awslocal_cli cloudformation describe-stack-resource --stack-name "$STACK_NAME" --logical-resource-id UsersApi \
        --query 'StackResourceDetail.PhysicalResourceId' --output text 2>/dev/null) \
        || die "no deployed API found: run local-stack/deploy.sh first"
fi
BASE="$ENDPOINT/restapis/$api_id/Prod/_user_request_"
echo "API: $BASE"

failures=0
call() {
    local expected=$1 method=$2 path=$3 body=${4:-}
    local args=(-sS --max-time 60 -o /tmp/smoke-body -D /tmp/smoke-headers -w '%{http_code}' -X "$method")
    if [ -n "$body" ]; then
        # seedUsers is IAM-authorised: sign the request (LocalStack accepts the test credentials).
        args+=(-H 'Content-Type: application/json' --data "$body"
               --aws-sigv4 "aws:amz:$AWS_DEFAULT_REGION:execute-api" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY")
    fi
    local status
    status=$(curl "${args[@]}" "$BASE$path") || status="no answer"
    local cache
    cache=$(grep -i '^x-cache:' /tmp/smoke-headers | tr -d '\r' || true)
    printf '%-5s %-22s -> %s %s %s\n' "$method" "$path" "$status" "${cache:-}" "$(head -c 300 /tmp/smoke-body)"
    if [ "$status" != "$expected" ]; then
        echo "   expected $expected" >&2
        failures=$((failures + 1))
    fi
}

call 200 POST /users/seed '{"count": 1000}'
call 200 GET /users/ly1
call 200 GET /users/ly1
call 200 GET /users/count
call 404 GET /users/nobody
call 400 GET '/users/%24where'

[ "$failures" -eq 0 ] || die "$failures answer(s) were not as expected"
echo "All answers as expected."
