# Shared by deploy.sh and smoke.sh: settings, checks that fail fast with a clear message.
# shellcheck shell=bash

# shellcheck disable=SC2034 # used by the scripts that source this file
ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ENDPOINT=${LOCALSTACK_ENDPOINT:-http://localhost:4566}
STACK_NAME=${STACK_NAME:-user-functions}
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test}
export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
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
    require aws "install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)"
    curl -fsS --max-time 5 "$ENDPOINT/_localstack/health" >/dev/null \
        || die "LocalStack does not answer at $ENDPOINT: start it with 'docker compose -f local-stack/compose.yaml up -d' (set LOCALSTACK_AUTH_TOKEN if your image needs one)"
}
