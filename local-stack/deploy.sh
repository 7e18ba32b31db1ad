#!/usr/bin/env bash
# Builds the three Lambda jars and deploys template.yaml to LocalStack as the stack "user-functions",
# wired to the compose data tier (mongos, redis-1..6 on the user-functions network).
#
#   local-stack/deploy.sh [--prebuilt]      then      local-stack/smoke.sh
#
# --prebuilt uses the jars already in functions/*/target instead of running the build.
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

BUCKET=${ARTIFACT_BUCKET:-user-functions-artifacts}
MONGODB_URI_IN_STACK=${MONGODB_URI_IN_STACK:-mongodb://mongos:27017}
REDIS_NODES_IN_STACK=${REDIS_NODES_IN_STACK:-redis-1:6379,redis-2:6379,redis-3:6379,redis-4:6379,redis-5:6379,redis-6:6379}

if $build; then
    require java "install a JDK 17 or newer"
    echo "==> building the Lambda jars"
    (cd "$ROOT_DIR" && ./mvnw -B -q -DskipTests package)
fi
for jar in get-user seed-users count-users; do
    [ -f "$ROOT_DIR/functions/$jar/target/$jar-aws.jar" ] \
        || die "functions/$jar/target/$jar-aws.jar is missing: build it (./mvnw -B -DskipTests package) or drop --prebuilt"
done

parameters=("MongoDbUri=$MONGODB_URI_IN_STACK" "RedisNodes=$REDIS_NODES_IN_STACK")
# SAM publishes a new version for the "live" alias only when the code or AutoPublishCodeSha256 changes: a digest
# of the parameters makes a configuration change publish one too. A hash only: the URI's password never shows.
configuration_digest=$(printf '%s\n' "${parameters[@]}" | sha256sum | cut -c1-16)
parameters+=("ConfigurationDigest=$configuration_digest")

echo "==> uploading artifacts to s3://$BUCKET"
awslocal_cli s3api head-bucket --bucket "$BUCKET" >/dev/null 2>&1 || awslocal_cli s3 mb "s3://$BUCKET" >/dev/null
mkdir -p "$ROOT_DIR/target"
package_log=$(mktemp)
trap 'rm -f "$package_log"' EXIT
(cd "$ROOT_DIR" && awslocal_cli cloudformation package --template-file template.yaml --s3-bucket "$BUCKET" \
    --output-template-file target/packaged-template.yaml >"$package_log" 2>&1) \
    || { tr '\r' '\n' <"$package_log" | grep -v '^Uploading to' >&2; die "packaging the template failed"; }

# The packaged template names each jar by its content's digest, so this covers template, code and parameters.
deploy_digest=$( { cat "$ROOT_DIR/target/packaged-template.yaml"; printf '%s\n' "${parameters[@]}"; } | sha256sum | cut -c1-64)
deployed_digest=$(awslocal_cli cloudformation describe-stacks --stack-name "$STACK_NAME" \
    --query "Stacks[0].Tags[?Key=='DeployDigest'].Value | [0]" --output text 2>/dev/null || true)
if [ "$deployed_digest" = "$deploy_digest" ]; then
    echo "==> stack $STACK_NAME is up to date (template, code and parameters unchanged): nothing to deploy"
else
    echo "==> deploying stack $STACK_NAME"
    awslocal_cli cloudformation deploy --template-file "$ROOT_DIR/target/packaged-template.yaml" --stack-name "$STACK_NAME" \
        --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
        --parameter-overrides "${parameters[@]}" --tags "DeployDigest=$deploy_digest"
fi

echo "==> outputs"
awslocal_cli cloudformation describe-stacks --stack-name "$STACK_NAME" \
    --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
echo "Deployed. Try local-stack/smoke.sh"
