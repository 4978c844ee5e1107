# Every everyday command. Needs only JDK 17, Maven and make.
MVN ?= mvn -B -ntp
LOCAL_MAIN = io.lakeobs.local.LocalMain

.PHONY: test demo bench fuzz package validate deploy clean query athena-ddl glue-tables redrive athena-check

## test: every test of every module (LocalStack tests skip themselves without Docker)
test:
	$(MVN) install

## demo: the whole pipeline end to end on the embedded stack, printing SQL results
demo:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl local exec:java -Dexec.mainClass=$(LOCAL_MAIN) -Dexec.args="demo"

## query: run any SQL over the live views of the last demo, e.g. make query SQL="select count(*) from log_entries"
query:
	$(MVN) -q -pl local exec:java -Dexec.mainClass=$(LOCAL_MAIN) -Dexec.args="query '$(SQL)'"

## athena-ddl: regenerate infra/athena/tables/*.sql from the view definitions (View); AthenaDdlTest
## fails until the committed files equal what this writes
athena-ddl:
	$(MVN) -q -DskipTests -pl functions/views -am install
	$(MVN) -q -pl functions/views exec:java -Dexec.mainClass=io.lakeobs.functions.views.AthenaDdl \
		-Dexec.args="$(CURDIR)/infra/athena/tables"

## glue-tables: regenerate the Glue tables and Athena named queries in sam-template.yaml from the view
## definitions and infra/athena/queries/athena; GlueTemplateTest fails until the template equals what this writes
glue-tables:
	$(MVN) -q -DskipTests -pl functions/views -am install
	$(MVN) -q -pl functions/views exec:java -Dexec.mainClass=io.lakeobs.functions.views.GlueTemplate \
		-Dexec.args="$(CURDIR)/sam-template.yaml $(CURDIR)/infra/athena/queries/athena"

## athena-check: the Athena DDL and every named query run in Trino (the engine of Athena engine v3; pinned
## below, from Maven Central, about 450 MB once) over the views the demo writes, compared with DuckDB
## row by row. Trino 476 needs JDK 24+: TRINO_JAVA_HOME. Takes a few minutes; not part of make test.
TRINO_VERSION = 476
TRINO_JAVA_HOME ?= /usr/lib/jvm/temurin-25-jdk-amd64
TRINO_DIR = $(CURDIR)/local/target/trino
athena-check:
	@test -x "$(TRINO_JAVA_HOME)/bin/java" || { echo "athena-check: no JDK 24+ at TRINO_JAVA_HOME=$(TRINO_JAVA_HOME)"; exit 2; }
	$(MVN) -q -DskipTests install
	@if [ ! -d "$(TRINO_DIR)/trino-server-core-$(TRINO_VERSION)/plugin/hive" ]; then \
		$(MVN) -q -N dependency:copy -Dartifact=io.trino:trino-server-core:$(TRINO_VERSION):tar.gz -DoutputDirectory=$(TRINO_DIR) && \
		$(MVN) -q -N dependency:copy -Dartifact=io.trino:trino-hive:$(TRINO_VERSION):zip -DoutputDirectory=$(TRINO_DIR) && \
		tar -xzf $(TRINO_DIR)/trino-server-core-$(TRINO_VERSION).tar.gz -C $(TRINO_DIR) && \
		mkdir -p $(TRINO_DIR)/hive && cd $(TRINO_DIR)/hive && $(TRINO_JAVA_HOME)/bin/jar xf $(TRINO_DIR)/trino-hive-$(TRINO_VERSION).zip && \
		mv $(TRINO_DIR)/hive/trino-hive-$(TRINO_VERSION) $(TRINO_DIR)/trino-server-core-$(TRINO_VERSION)/plugin/hive; \
	fi
	$(MVN) -q -pl local exec:java -Dexec.mainClass=io.lakeobs.local.athena.AthenaCheck \
		-Dexec.args="--repository $(CURDIR) --trino-home $(TRINO_DIR)/trino-server-core-$(TRINO_VERSION) --java-home $(TRINO_JAVA_HOME) --work $(CURDIR)/local/target/athena-check"

## bench: the JMH suite (long; see docs/BENCHMARKS.md for each figure's exact command)
bench:
	$(MVN) -q -DskipTests install
	java -jar benchmarks/target/benchmarks.jar -prof gc $(BENCH_ARGS)

## fuzz: Jazzer fuzzes the transit block reader (10 min), then the declarations decoder (5 min).
## jazzer-junit 0.25.1 takes the duration from @FuzzTest(maxDuration) only, and fuzzes one test
## class per run; generated corpus and findings go to transit/target/jazzer (see docs/fuzz-transit.md)
fuzz:
	$(MVN) -q -DskipTests -pl transit install
	JAZZER_FUZZ=1 $(MVN) -pl transit surefire:test@fuzz -Dtest=BlockReaderFuzzTest
	JAZZER_FUZZ=1 $(MVN) -pl transit surefire:test@fuzz -Dtest=DeclarationsFuzzTest

## package: the Lambda jars (for sam deploy) and the client artifact, with their sizes
package:
	$(MVN) -q -DskipTests package
	@ls -l functions/*/target/*-lambda.jar client-uploader/target/*-shaded.jar | awk '{printf "%6.1f MB  %s\n", $$5/1048576, $$9}'

## validate: build everything, then check sam-template.yaml (cfn-lint where installed, SAM schema,
## CloudFormation spec, tables = CatalogTables, handlers exist, README deploy section) and that no
## file refers outside the repository, without running the other tests
validate:
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl tests test -Dtest='io.lakeobs.tests.template.*Test' -Dsurefire.failIfNoSpecifiedTests=false

## deploy: the Lambda jars, then a guided sam deploy (README "Deploying to AWS" says what to answer)
deploy: package
	@command -v sam >/dev/null || { echo "make deploy needs the AWS SAM CLI (sam) on PATH"; exit 1; }
	sam deploy --guided --template-file sam-template.yaml --capabilities CAPABILITY_IAM

## redrive: the indexer's failed S3 events back to the indexer, e.g. make redrive QUEUE_URL=<IndexerFailuresQueueUrl>
## FUNCTION=<IndexerFunctionName> (stack outputs; the AWS SDK's default region and credentials)
redrive:
	@test -n "$(QUEUE_URL)" -a -n "$(FUNCTION)" || { echo "usage: make redrive QUEUE_URL=<IndexerFailuresQueueUrl> FUNCTION=<IndexerFunctionName>"; exit 2; }
	$(MVN) -q -DskipTests install
	$(MVN) -q -pl local exec:java -Dexec.mainClass=io.lakeobs.local.redrive.RedriveCommand \
		-Dexec.args="--queue-url $(QUEUE_URL) --function $(FUNCTION)"

clean:
	$(MVN) -q clean

## lakeobs: the command line (docs/cli.md), e.g. make lakeobs ARGS="logs <process> --level error";
## ./lakeobs does the same, building local once if its jar is missing (make lakeobs-jar rebuilds it)
.PHONY: lakeobs lakeobs-jar up
lakeobs:
	./lakeobs $(ARGS)

lakeobs-jar:
	$(MVN) -q -DskipTests -pl local -am install

## up: lakeobs up, the local server for your own application (prints LAKEOBS_ENDPOINT / LAKEOBS_API_KEY; Ctrl-C stops it)
up:
	./lakeobs up $(ARGS)

## iam-permissions: regenerate the permission tables of infra/iam/README.md from sam-template.yaml and the
## recorded-calls test's exceptions; IamPermissionsDocTest fails until the page equals what this writes
## (RecordedCallsIamTest holds the template's grants equal to the calls the functions make)
.PHONY: iam-permissions
iam-permissions:
	$(MVN) -q -DskipTests -pl tests -am install
	$(MVN) -q -pl tests test -Dtest=IamPermissionsDocTest -Diam.write=true -Dsurefire.failIfNoSpecifiedTests=false

## cost-doc: regenerate docs/cost.md (cost per million events at list prices) from CostModel, the measured
## CostInputs and ListPrices; CostDocumentTest fails until the page equals what this writes
.PHONY: cost-doc
cost-doc:
	$(MVN) -q -DskipTests -pl functions/core -am install
	$(MVN) -q -pl functions/core exec:java -Dexec.mainClass=io.lakeobs.functions.core.cost.CostDocument \
		-Dexec.args="$(CURDIR)/docs/cost.md"
