#!/usr/bin/env bash
# Whole-process wall time: `pgauth token` against Debian's `aws rds generate-db-auth-token`, same
# environment credentials, runs interleaved. Neither touches the network (region given, IMDS off).
# Usage: pgauth-bench/token-vs-awscli.sh [runs]   (after `mvn -B -q install -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
aws=${AWS_CLI:-/usr/bin/aws}
if [ ! -x "$aws" ]; then
  echo "Debian's awscli is not installed: sudo apt-get install -y awscli (or set AWS_CLI)" >&2
  exit 2
fi
export AWS_ACCESS_KEY_ID=AKIABENCHMARK0000001 AWS_SECRET_ACCESS_KEY=bench-secret-key-0123456789 AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
host=mydb.abc123.us-east-1.rds.amazonaws.com

millis() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$aws" --version
java -version 2>&1 | head -1
pg=(); cli=()
for i in $(seq "$runs"); do
  pg+=("$(millis ./pgauth token --host "$host" --port 5432 --user signals --region us-east-1)")
  cli+=("$(millis "$aws" rds generate-db-auth-token --hostname "$host" --port 5432 --username signals --region us-east-1)")
done
pg_median=$(printf '%s\n' "${pg[@]}" | median)
cli_median=$(printf '%s\n' "${cli[@]}" | median)
echo "pgauth token (ms): ${pg[*]} — median $pg_median"
echo "aws rds generate-db-auth-token (ms): ${cli[*]} — median $cli_median"
awk -v a="$pg_median" -v b="$cli_median" 'BEGIN { printf "ratio pgauth / awscli: %.2f\n", a / b }'
