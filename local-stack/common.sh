# Shared by deploy.sh and smoke.sh: settings, and checks that fail fast with a clear message.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENDPOINT=${LOCALSTACK_ENDPOINT:-http://localhost:4566}
# What says the endpoint is up: LocalStack's health path by default; any URL that answers 2xx when ready.
HEALTH_URL=${LOCALSTACK_HEALTH_URL:-$ENDPOINT/_localstack/health}
STACK_NAME=${STACK_NAME:-user-functions}

# Every AWS call goes to $ENDPOINT and nowhere else. 'aws cloudformation package --endpoint-url' does not pass
# the endpoint to its S3 upload (aws-cli issue 4727), so the endpoint is also set for the whole process, and any
# service-specific endpoint the caller's environment names (which the CLI would prefer) is overridden.
for variable in $(compgen -e | grep '^AWS_ENDPOINT_URL_' || true); do
    unset "$variable"
done
unset AWS_IGNORE_CONFIGURED_ENDPOINT_URLS AWS_PROFILE AWS_SESSION_TOKEN
export AWS_ENDPOINT_URL=$ENDPOINT
# LocalStack's test credentials, never the caller's: were anything to reach real AWS, it would be refused.
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}

die() {
    echo "ERROR: $*" >&2
    exit 1
}

require() {
    command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"
}

awslocal_cli() {
    aws --endpoint-url "$ENDPOINT" "$@"
}

require_localstack() {
    require curl "install curl"
    require aws "install the AWS CLI (v2, or v1 from 1.29 on: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)"
    curl -fsS --max-time 5 -o /dev/null "$HEALTH_URL" \
        || die "LocalStack does not answer at $HEALTH_URL: start it with 'docker compose -f local-stack/compose.yaml up -d' (set LOCALSTACK_AUTH_TOKEN if your image needs one)"
}
