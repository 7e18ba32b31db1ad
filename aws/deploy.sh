#!/usr/bin/env bash
# Builds the three functions' artifacts (the Lambda jars, or with RuntimeMode=custom the custom-runtime packages) and
# deploys template.yaml to the AWS account and region of the caller's credentials
# (aws configure, AWS_PROFILE, SSO: as the AWS CLI finds them), as the stack "user-functions" (STACK_NAME).
#
#   aws/deploy.sh [--prebuilt] [--parameters FILE]          deploy, or update when anything changed
#   aws/deploy.sh --print-digest [--parameters FILE]        print the ConfigurationDigest, for sam deploy
#
# Parameters: Key=Value lines in FILE (# comments allowed), then any template parameter set in the environment under
# its own name (RedisNodes=host:6379 aws/deploy.sh), which wins. ConfigurationDigest is computed, never typed.
# The jars go to ARTIFACT_BUCKET, by default user-functions-artifacts-<account>-<region>, created once.
set -euo pipefail
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
STACK_NAME=${STACK_NAME:-user-functions}
# shellcheck source=stack.sh
source "$ROOT_DIR/aws/stack.sh"

die() {
    echo "ERROR: $*" >&2
    exit 1
}

# Every call bounded: 10 s to connect, 60 s per read (deploy's own wait for the stack is CloudFormation's).
cli() {
    aws --cli-connect-timeout 10 --cli-read-timeout 60 "$@"
}

build=true
print_digest=false
parameters_file=""
while [ $# -gt 0 ]; do
    case "$1" in
        --prebuilt) build=false ;;
        --print-digest) print_digest=true ;;
        --parameters)
            [ $# -ge 2 ] || die "--parameters needs a file"
            parameters_file=$2
            shift
            ;;
        *) die "unknown argument '$1' (usage: aws/deploy.sh [--prebuilt] [--print-digest] [--parameters FILE])" ;;
    esac
    shift
done

PARAMETERS=()
[ -z "$parameters_file" ] || read_parameters_file "$parameters_file"
read_parameters_from_environment
pin_runtime_mode
if $print_digest; then
    configuration_digest
    exit 0
fi

command -v aws >/dev/null 2>&1 || die "'aws' is not installed: install the AWS CLI (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)"
command -v sha256sum >/dev/null 2>&1 || die "'sha256sum' is not installed: install coreutils"
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-$(aws configure get region 2>/dev/null || true)}}
[ -n "$region" ] || die "no AWS region: set AWS_REGION, or configure one (aws configure)"
# The AWS CLI reads AWS_DEFAULT_REGION (the SDKs read AWS_REGION): both, so every call goes to the same region.
export AWS_REGION=$region AWS_DEFAULT_REGION=$region
account=$(cli sts get-caller-identity --query Account --output text 2>/dev/null) \
    || die "the AWS CLI cannot call AWS with these credentials (aws sts get-caller-identity failed): configure them (aws configure, AWS_PROFILE, aws sso login)"

build_jars "$build"

bucket=${ARTIFACT_BUCKET:-user-functions-artifacts-$account-$region}
if ! cli s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
    echo "==> creating the artifact bucket s3://$bucket (once)"
    cli s3 mb "s3://$bucket" --region "$region" >/dev/null || die "cannot create s3://$bucket: name one you own with ARTIFACT_BUCKET"
    cli s3api put-public-access-block --bucket "$bucket" --public-access-block-configuration \
        BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true >/dev/null
fi

deploy_stack "$bucket"
echo "Deployed to $account in $region."
