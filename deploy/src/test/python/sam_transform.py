"""Expands a SAM template's transform offline with aws-sam-translator, as CloudFormation would, and prints the
resulting CloudFormation template as JSON. Usage: sam_transform.py TEMPLATE [PARAMETERS_JSON]

No AWS call is made: the managed-policy lookup SAM would do is answered empty (the template names no managed
policies), and the partition's pseudo-parameters are given for us-east-1.
"""
import json
import os
import sys

# The translator asks a boto3 session for the region; no credentials are needed and no call is made.
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class NoManagedPolicies:
    def load(self):
        return {}


def main():
    with open(sys.argv[1], encoding="utf-8") as template_file:
        template = yaml_parse(template_file.read())
    # As 'aws cloudformation package' leaves it: local CodeUris become S3 locations (the transform needs those).
    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties", {})
        code_uri = properties.get("CodeUri")
        if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
            properties["CodeUri"] = "s3://packaged/" + code_uri
    parameters = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    parameters.setdefault("AWS::Region", os.environ["AWS_DEFAULT_REGION"])
    parameters.setdefault("AWS::Partition", "aws")
    parameters.setdefault("AWS::AccountId", "123456789012")
    print(json.dumps(transform(template, parameters, NoManagedPolicies()), indent=1, sort_keys=True, default=str))


if __name__ == "__main__":
    main()
