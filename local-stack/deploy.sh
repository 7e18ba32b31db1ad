#!/usr/bin/env bash
# Builds the three Lambda jars and deploys template.yaml to LocalStack as the stack "user-functions",
# wired to the compose data tier (mongos, redis-1..6 on the user-functions network).
#
#   local-stack/deploy.sh        then   local-stack/smoke.sh
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"

require_localstack
require java "install a JDK 17 or newer"

BUCKET=${ARTIFACT_BUCKET:-user-functions-artifacts}
MONGODB_URI_IN_STACK=${MONGODB_URI_IN_STACK:-mongodb://mongos:27017}
REDIS_NODES_IN_STACK=${REDIS_NODES_IN_STACK:-redis-1:6379,redis-2:6379,redis-3:6379,redis-4:6379,redis-5:6379,redis-6:6379}

echo "==> building the Lambda jars"
(cd "$ROOT_DIR" && ./mvnw -B -q -DskipTests package)
for jar in get-user seed-users count-users; do
    [ -f "$ROOT_DIR/functions/$jar/target/$jar-aws.jar" ] || die "the build did not produce functions/$jar/target/$jar-aws.jar"
done

echo "==> uploading artifacts to s3://$BUCKET"
awslocal_cli s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1 || awslocal_cli s3 mb "s3://$BUCKET" >/dev/null
mkdir -p "$ROOT_DIR/target"
(cd "$ROOT_DIR" && awslocal_cli cloudformation package --template-file template.yaml --s3-bucket "$BUCKET" \
    --output-template-file target/packaged-template.yaml >/dev/null)

echo "==> deploying stack $STACK_NAME"
awslocal_cli cloudformation deploy --template-file "$ROOT_DIR/target/packaged-template.yaml" --stack-name "$STACK_NAME" \
    --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
    --parameter-overrides "MongoDbUri=$MONGODB_URI_IN_STACK" "RedisNodes=$REDIS_NODES_IN_STACK"

echo "==> outputs"
awslocal_cli cloudformation describe-stacks --stack-name "$STACK_NAME" \
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
echo "Deployed. Try local-stack/smoke.sh"
