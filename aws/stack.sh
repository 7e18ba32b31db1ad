# Shared by aws/deploy.sh (a real AWS account) and local-stack/deploy.sh (LocalStack): the stack's parameters,
# their digest, packaging the jars and deploying the template when anything changed.
# The caller defines ROOT_DIR, STACK_NAME, die() and cli() (the AWS CLI as it must be called there).
# shellcheck shell=bash

# The parameters template.yaml declares, one per line.
template_parameters() {
    awk '/^Parameters:/ { inside = 1; next } /^[A-Za-z]/ { inside = 0 } inside && /^  [A-Za-z0-9]+:$/ { sub(/:$/, ""); print $1 }' \
        "$ROOT_DIR/template.yaml"
}

# Adds Key=Value to the array PARAMETERS, replacing an earlier value of Key; refuses a key the template lacks.
set_parameter() {
    local key=${1%%=*} known
    [[ "$1" == *=* && "$key" =~ ^[A-Za-z0-9]+$ ]] || die "'$1' is not Key=Value"
    [ "$key" != ConfigurationDigest ] || die "ConfigurationDigest is computed from the other parameters: leave it out"
    # Read from the template once per run, not once per parameter.
    known=${TEMPLATE_PARAMETERS:=$(template_parameters)}
    grep -qx "$key" <<<"$known" || die "unknown parameter '$key'; template.yaml has: $(tr '\n' ' ' <<<"$known")"
    local kept=()
    for parameter in "${PARAMETERS[@]}"; do
        [ "${parameter%%=*}" = "$key" ] || kept+=("$parameter")
    done
    PARAMETERS=("${kept[@]}" "$1")
}

# Key=Value lines of a parameters file (blank lines and # comments ignored) into PARAMETERS.
read_parameters_file() {
    [ -f "$1" ] || die "parameters file '$1' not found"
    local line
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%$'\r'}
        [[ -z "${line//[[:space:]]/}" || "$line" =~ ^[[:space:]]*# ]] && continue
        set_parameter "$line"
    done <"$1"
}

# Each template parameter also set in the environment under its own name (RedisNodes=... aws/deploy.sh) into PARAMETERS.
read_parameters_from_environment() {
    local key
    for key in $(template_parameters); do
        [ "$key" != ConfigurationDigest ] || continue
        if [ -n "${!key+set}" ]; then
            set_parameter "$key=${!key}"
        fi
    done
}

# SAM publishes a new version for the "live" alias only when the code or AutoPublishCodeSha256 changes (it hashes the
# function with parameter references unresolved): this digest of the parameters makes a configuration change publish
# one too. A hash only: no value shows.
configuration_digest() {
    if [ "${#PARAMETERS[@]}" -eq 0 ]; then
        printf '' | sha256sum | cut -c1-16
    else
        printf '%s\n' "${PARAMETERS[@]}" | LC_ALL=C sort | sha256sum | cut -c1-16
    fi
}

# The value PARAMETERS give KEY, else DEFAULT.
parameter_value() {
    local key=$1 value=$2 parameter
    for parameter in "${PARAMETERS[@]}"; do
        [ "${parameter%%=*}" != "$key" ] || value=${parameter#*=}
    done
    printf '%s' "$value"
}

# RuntimeMode, always given: CloudFormation keeps a parameter's last value when it is not given, so after one custom
# deploy a deploy that names no mode would upload the jars to functions still on provided.al2023.
pin_runtime_mode() {
    set_parameter "RuntimeMode=$(parameter_value RuntimeMode managed)"
}

# The artifacts RuntimeMode needs: the Lambda jars (managed), or each function's custom-runtime package (custom).
FUNCTIONS=(get-user seed-users count-users)
CUSTOM_RUNTIME_DIR=functions/custom-runtime/target

# Builds the artifacts of the stack's RuntimeMode unless told they are built ($1 = true to build).
build_jars() {
    local mode
    mode=$(parameter_value RuntimeMode managed)
    if [ "$1" = true ]; then
        command -v java >/dev/null 2>&1 || die "'java' is not installed: install a JDK 17 or newer"
        if [ "$mode" = custom ]; then
            echo "==> building the custom-runtime packages (a Temurin 25: JAVA25_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64)"
            (cd "$ROOT_DIR" && ./mvnw -B -q -DskipTests package -pl functions/custom-runtime -am)
        else
            echo "==> building the Lambda jars"
            (cd "$ROOT_DIR" && ./mvnw -B -q -DskipTests package -am \
                -pl "$(printf 'functions/%s,' "${FUNCTIONS[@]}" | sed 's/,$//')")
        fi
    fi
    for function in "${FUNCTIONS[@]}"; do
        if [ "$mode" = custom ]; then
            [ -f "$ROOT_DIR/$CUSTOM_RUNTIME_DIR/$function.zip" ] \
                || die "$CUSTOM_RUNTIME_DIR/$function.zip is missing: build it (./mvnw -B -DskipTests package -pl functions/custom-runtime -am, with a Temurin 25 at JAVA25_HOME) or drop --prebuilt"
        else
            [ -f "$ROOT_DIR/functions/$function/target/$function-aws.jar" ] \
                || die "functions/$function/target/$function-aws.jar is missing: build it (./mvnw -B -DskipTests package) or drop --prebuilt"
        fi
    done
    if [ "$mode" = custom ]; then
        echo "==> the packages carry $(packaged_jdk): each JDK update needs a rebuild and a redeploy"
    fi
}

# The JDK build the custom-runtime packages carry, from their run-time image's release file.
packaged_jdk() {
    local release="$ROOT_DIR/$CUSTOM_RUNTIME_DIR/jdk/release"
    if [ -f "$release" ]; then
        grep -E '^(IMPLEMENTOR|JAVA_RUNTIME_VERSION)=' "$release" | cut -d'"' -f2 | paste -sd' ' -
    else
        echo "a JDK this script cannot name (no $CUSTOM_RUNTIME_DIR/jdk/release)"
    fi
}

# The template cloudformation package uploads: template.yaml names the jars; for RuntimeMode custom a copy of it names
# the packages instead (package uploads only literal local CodeUri paths, so the script chooses, not a condition).
template_to_package() {
    if [ "$(parameter_value RuntimeMode managed)" = custom ]; then
        local copy="$ROOT_DIR/target/template-custom-runtime.yaml"
        mkdir -p "$ROOT_DIR/target"
        sed -E "s#^( +CodeUri: )functions/([a-z-]+)/target/[a-z-]+-aws\.jar\$#\1$ROOT_DIR/$CUSTOM_RUNTIME_DIR/\2.zip#" \
            "$ROOT_DIR/template.yaml" >"$copy"
        [ "$(grep -c "CodeUri: $ROOT_DIR/$CUSTOM_RUNTIME_DIR/" "$copy")" -eq "${#FUNCTIONS[@]}" ] \
            || die "template.yaml's CodeUri lines are not the three jars this script rewrites for RuntimeMode custom"
        printf '%s' "$copy"
    else
        printf '%s' "$ROOT_DIR/template.yaml"
    fi
}

# Packages the template's jars to s3://$1 and deploys the stack with PARAMETERS and their digest, unless template,
# code and parameters are all what the stack was last deployed with.
deploy_stack() {
    local bucket=$1 package_log deploy_digest deployed_digest template
    local parameters=("${PARAMETERS[@]}" "ConfigurationDigest=$(configuration_digest)")
    echo "==> uploading artifacts to s3://$bucket"
    mkdir -p "$ROOT_DIR/target"
    template=$(template_to_package)
    package_log=$(mktemp)
    (cd "$ROOT_DIR" && cli cloudformation package --template-file "$template" --s3-bucket "$bucket" \
        --output-template-file target/packaged-template.yaml >"$package_log" 2>&1) \
        || { tr '\r' '\n' <"$package_log" | grep -v '^Uploading to' >&2; rm -f "$package_log"; die "packaging the template failed"; }
    rm -f "$package_log"

    # The packaged template names each jar by its content's digest, so this covers template, code and parameters.
    deploy_digest=$( { cat "$ROOT_DIR/target/packaged-template.yaml"; printf '%s\n' "${parameters[@]}"; } | sha256sum | cut -c1-64)
    deployed_digest=$(cli cloudformation describe-stacks --stack-name "$STACK_NAME" \
        --query "Stacks[0].Tags[?Key=='DeployDigest'].Value | [0]" --output text 2>/dev/null || true)
    if [ "$deployed_digest" = "$deploy_digest" ]; then
        echo "==> stack $STACK_NAME is up to date (template, code and parameters unchanged): nothing to deploy"
    else
        echo "==> deploying stack $STACK_NAME (configuration digest ${parameters[-1]#ConfigurationDigest=})"
        cli cloudformation deploy --template-file "$ROOT_DIR/target/packaged-template.yaml" --stack-name "$STACK_NAME" \
            --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND --no-fail-on-empty-changeset \
            --parameter-overrides "${parameters[@]}" --tags "DeployDigest=$deploy_digest"
    fi

    echo "==> outputs"
    cli cloudformation describe-stacks --stack-name "$STACK_NAME" \
        --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text
}
