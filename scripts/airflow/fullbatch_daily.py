"""fullbatch: retrain a model every day with spark-submit, then score the day's data with it.

Tasks, for each logical date {{ ds }}:

  train          spark-submit ... train --conf <train_conf> --data <data_root>/dt={{ ds }}/
                                  --output <model_root>/{{ ds }} --resume        (--overwrite with params.retrain)
                                  --init-model <model_root>/<the day before> --init-model-optional
  model_ready    waits for <model_root>/{{ ds }}/_SUCCESS (the job writes it last, only for a complete model)
  score          spark-submit ... predict --model <model_root>/{{ ds }} --data <score_root>/dt={{ ds }}/ ...

What a run of a day's `train` task does, exactly (docs/cluster.md, "Scheduling with Airflow"):

  - First run of the day: trains and writes the model; exit 0.
  - Retry after a failure (exit 1, e.g. the driver was lost): continues from the failed attempt's newest checkpoint,
    with the bits of an uninterrupted run. The dead attempt's claim on the folder is taken over once its process is
    gone (same host) or after 10 minutes without a heartbeat (another host).
  - Rerun (task cleared, backfill) with the same conf file and the same data files (names, sizes, modification
    times): exit 0 at once, without reading the data; the model is kept.
  - Rerun after the conf file or the day's data changed: exit 2 naming each changed option and file; the task fails
    without retries and the old model is kept. To replace it, trigger the DAG for that date with the params
    {"retrain": true}: the task then passes --overwrite, and the old model stays readable until the new one is
    complete.
  - Two runs of the same day at once (a manual trigger beside the scheduled run): the second exits 2 naming the
    first run's host, process and start time; not retried.
  - The model folder is never a folder fullbatch did not write, nor inside or above the data: exit 2 otherwise.

Warm start, the daily-retrain pattern: each day's training starts from the day before's model
(<model_root>/{{ macros.ds_add(ds, -1) }}), matched by feature name when the data names its features (a new
categorical level starts at 0, a vanished one is dropped), so that a day's data that changed little needs few
iterations. Where the day before holds no complete model (the first day, or that day failed), --init-model-optional
makes fullbatch start cold instead; its log says which, and model.json records it (data.initModel). The day before's
model is an input like the data: a rerun of a day whose day before was retrained since (params.retrain) is refused
(exit 2, "the --init-model changed"); trigger it with {"retrain": true} too. Trigger with {"warm_start": false} for
a cold start (e.g. after a conf change of --objective, which a warm start refuses).

fullbatch's exit codes tell what a retry can fix:

  1  internal failure (a bug, or the cluster lost the driver): retried
  2  bad usage, configuration or input data, or a changed conf/data on a rerun: NOT retried; the log says what
  3  training diverged (non-finite objective or gradient): NOT retried; the log says which option to change

The exit code only reaches Airflow in client deploy mode (the default of the spark connection); in cluster deploy
mode spark-submit reports success or failure of the driver, never its code.

Install: copy this file into the DAGs folder of an Airflow 2.x deployment with the Spark provider
(pip install apache-airflow-providers-apache-spark), put target/fullbatch.jar where the Airflow workers can read
it, and point the `spark_default` connection at the cluster (host spark://master:7077, yarn or k8s://...). The
defaults below come from environment variables of the scheduler and workers; each run can override them through
the DAG's params. See docs/cluster.md.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sensors.bash import BashSensor

MAIN_CLASS = "dev.fullbatch.job.Main"

# What fullbatch's exit codes mean (the contract in README.md), and which ones a retry cannot fix.
EXIT_MEANING = {
    1: "internal failure (a bug, or the cluster lost the job); retrying",
    2: "bad usage, configuration or input data (or a changed conf, data or day-before model on a rerun: trigger "
       "with params {\"retrain\": true} to replace the model, and {\"warm_start\": false} if the day before's "
       "model no longer fits); the log above says what",
    3: "training diverged (non-finite objective or gradient); the log above says which option to change",
}
NOT_RETRIED = frozenset({2, 3})


def spark_submit_exit_code(operator, error):
    """The exit code of the spark-submit process behind a failed SparkSubmitOperator, or None if unknown."""
    process = getattr(getattr(operator, "_hook", None), "_submit_sp", None)
    code = getattr(process, "returncode", None)
    if isinstance(code, int):
        return code
    # SparkSubmitHook's message: "Cannot execute: <command>. Error code is: 2."
    match = re.search(r"Error code is: (-?\d+)", str(error))
    return int(match.group(1)) if match else None


class FullbatchSubmitOperator(SparkSubmitOperator):
    """SparkSubmitOperator for fullbatch: fails without retries when a retry cannot help (exit 2 or 3)."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowFailException:
            raise
        except AirflowException as error:
            code = spark_submit_exit_code(self, error)
            if code in NOT_RETRIED:
                raise AirflowFailException(
                    f"fullbatch exited with code {code}: {EXIT_MEANING[code]}. Not retried.") from error
            raise


def env(name, default):
    return os.environ.get(name, default)


# Where things are; any Hadoop URI works (hdfs://, s3a://, file:/ on a shared file system).
PARAMS = {
    "jar": env("FULLBATCH_JAR", "/opt/fullbatch/fullbatch.jar"),
    "train_conf": env("FULLBATCH_TRAIN_CONF", "/opt/fullbatch/conf/logistic-lbfgs.properties"),
    "data_root": env("FULLBATCH_DATA_ROOT", "hdfs:///data/fullbatch/train"),
    "model_root": env("FULLBATCH_MODEL_ROOT", "hdfs:///models/fullbatch/daily"),
    "score_root": env("FULLBATCH_SCORE_ROOT", "hdfs:///data/fullbatch/score"),
    "scores_root": env("FULLBATCH_SCORES_ROOT", "hdfs:///data/fullbatch/scores"),
    # True replaces the day's model (--overwrite) instead of keeping it (--resume); for a rerun after the conf
    # file or the data changed.
    "retrain": False,
    # True starts each day from the day before's model (--init-model; cold when there is none); False starts cold,
    # e.g. after the conf file changed the objective or the model's layout, which a warm start refuses.
    "warm_start": True,
}
# The day's model directory; _SUCCESS in it means complete.
MODEL = "{{ params.model_root }}/{{ ds }}"
# Keep (and continue) the day's model, or replace it when the run is triggered with params {"retrain": true}.
TRAIN_MODE = "{{ '--overwrite' if params.retrain else '--resume' }}"
# The day before's model directory, which the day's training starts from; empty (no warm start) with
# params {"warm_start": false}. (The templates are also plain Python expressions: the DAG's test evaluates them.)
PREVIOUS_MODEL = "{{ params.model_root + '/' + macros.ds_add(ds, -1) if params.warm_start else '' }}"
# Start cold when the day before holds no complete model (the first day, or that day's run failed).
PREVIOUS_MODEL_OPTIONAL = "--init-model-optional={{ 'true' if params.warm_start else 'false' }}"

# Executors and memory: see "Running on a cluster" in docs/cluster.md.
SPARK_CONF = {
    "spark.executor.memory": env("FULLBATCH_EXECUTOR_MEMORY", "4g"),
    "spark.executor.cores": env("FULLBATCH_EXECUTOR_CORES", "2"),
    "spark.driver.maxResultSize": env("FULLBATCH_MAX_RESULT_SIZE", "2g"),
}

default_args = {
    "owner": "fullbatch",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}

with DAG(
    dag_id="fullbatch_daily",
    description="Retrain the fullbatch model on each day's data, then score with it",
    schedule="@daily",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=default_args,
    params=PARAMS,
    tags=["fullbatch", "spark"],
) as dag:
    train = FullbatchSubmitOperator(
        task_id="train",
        conn_id=env("FULLBATCH_SPARK_CONN", "spark_default"),
        application="{{ params.jar }}",
        java_class=MAIN_CLASS,
        name="fullbatch-train-{{ ds }}",
        conf=SPARK_CONF,
        application_args=[
            "train",
            "--conf", "{{ params.train_conf }}",
            "--data", "{{ params.data_root }}/dt={{ ds }}/",
            "--output", MODEL,
            # --resume: a retried attempt continues from the failed attempt's newest checkpoint (the same bits as
            # an uninterrupted run); a complete model made with the same conf and data is kept without work, and
            # one made with another conf or other data is refused (exit 2). --overwrite (params.retrain) replaces it.
            TRAIN_MODE,
            # Warm start from the day before's model, matched by feature name; it is an input like the data, so
            # model.json records it and a rerun after it changed is refused (exit 2) like one after the data changed.
            "--init-model", PREVIOUS_MODEL,
            PREVIOUS_MODEL_OPTIONAL,
            "--checkpoint-every", "10",
        ],
        execution_timeout=timedelta(hours=6),
    )

    # Downstream DAGs wait the same way: only a complete model directory has _SUCCESS. `hadoop fs -test -e`
    # reads any Hadoop URI; set FULLBATCH_EXISTS_COMMAND="test -e" for paths on a local or shared disk.
    model_ready = BashSensor(
        task_id="model_ready",
        bash_command=env("FULLBATCH_EXISTS_COMMAND", "hadoop fs -test -e") + " '" + MODEL + "/_SUCCESS'",
        poke_interval=60,
        timeout=60 * 60,
        mode="reschedule",
    )

    score = FullbatchSubmitOperator(
        task_id="score",
        conn_id=env("FULLBATCH_SPARK_CONN", "spark_default"),
        application="{{ params.jar }}",
        java_class=MAIN_CLASS,
        name="fullbatch-score-{{ ds }}",
        conf=SPARK_CONF,
        application_args=[
            "predict",
            "--model", MODEL,
            "--data", "{{ params.score_root }}/dt={{ ds }}/",
            "--output", "{{ params.scores_root }}/{{ ds }}",
            # predict writes everything or nothing, so a rerun replaces the day's previous predictions (only ever a
            # folder fullbatch predict wrote).
            "--overwrite",
        ],
        execution_timeout=timedelta(hours=2),
    )

    train >> model_ready >> score
