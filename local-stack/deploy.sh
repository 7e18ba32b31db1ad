#!/usr/bin/env bash
# Builds the three Lambda jars and deploys template.yaml to LocalStack as the stack "user-functions",
# wired to the compose data tier (mongos, redis-1..6 on the user-functions network).
#
#   local-stack/deploy.sh [--prebuilt]      then      local-stack/smoke.sh
#
# --prebuilt uses the artifacts already built instead of running the build. Template parameters set in the
# environment under their own names win (RuntimeMode=custom local-stack/deploy.sh deploys the custom-runtime packages).
# A deployment whose template, code and parameters are all unchanged is skipped ("nothing to deploy").
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

build=true
for argument in "$@"; do
    case "$argument" in
        --prebuilt) build=false ;;
        *) die "unknown argument '$argument' (usage: local-stack/deploy.sh [--prebuilt])" ;;
    esac
done

require_localstack
require sha256sum "install coreutils"
# shellcheck source=../aws/stack.sh
source "$ROOT_DIR/aws/stack.sh"

cli() {
    awslocal_cli "$@"
}

BUCKET=${ARTIFACT_BUCKET:-user-functions-artifacts}
PARAMETERS=()
set_parameter "MongoDbUri=${MONGODB_URI_IN_STACK:-mongodb://mongos:27017}"
set_parameter "RedisNodes=${REDIS_NODES_IN_STACK:-redis-1:6379,redis-2:6379,redis-3:6379,redis-4:6379,redis-5:6379,redis-6:6379}"
# LocalStack 4.4 (compose.yaml) predates the java25 runtime; the handlers run on java21 alike.
set_parameter "JavaRuntime=java21"
read_parameters_from_environment
pin_runtime_mode

build_jars "$build"
awslocal_cli s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1 || awslocal_cli s3 mb "s3://$BUCKET" >/dev/null
deploy_stack "$BUCKET"
echo "Deployed. Try local-stack/smoke.sh"
