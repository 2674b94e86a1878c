"""Loads scripts/airflow/fullbatch_daily.py against minimal stand-ins for the Airflow 2.x classes it imports
(Airflow itself is not installed where the tests run) and checks the DAG's shape, templates and exit-code
handling. Usage: python3 fullbatch_daily_check.py PATH_TO_DAG_FILE; exit 0 when every check passes.

python3 fullbatch_daily_check.py PATH_TO_DAG_FILE --render TASK_ID DS PARAMS_JSON prints the task's
application_args as a JSON list, its templates rendered as Airflow would for logical date DS with the DAG's params
updated by PARAMS_JSON (a run's params), so that tests can run the exact command the task runs."""
import datetime
import importlib.util
import json
import re
import sys
import types
import unittest


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class DAG:
    current = None

    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks = {}

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *exc):
        DAG.current = None
        return False


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        self.task_id = task_id
        self.kwargs = kwargs
        self.downstream = []
        DAG.current.tasks[task_id] = self

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


class Popen:
    def __init__(self, returncode):
        self.returncode = returncode


class SparkSubmitHook:
    def __init__(self, returncode):
        self._submit_sp = Popen(returncode)


class SparkSubmitOperator(BaseOperator):
    """Fails like the real one: AirflowException naming the error code, hook kept on the operator."""
    next_exit_code = 0

    def execute(self, context):
        code = SparkSubmitOperator.next_exit_code
        self._hook = SparkSubmitHook(code)
        if code != 0:
            raise AirflowException(f"Cannot execute: spark-submit ... Error code is: {code}.")
        return None


class BashSensor(BaseOperator):
    pass


def install_stubs():
    modules = {
        "airflow": types.ModuleType("airflow"),
        "airflow.exceptions": types.ModuleType("airflow.exceptions"),
        "airflow.providers": types.ModuleType("airflow.providers"),
        "airflow.providers.apache": types.ModuleType("airflow.providers.apache"),
        "airflow.providers.apache.spark": types.ModuleType("airflow.providers.apache.spark"),
        "airflow.providers.apache.spark.operators": types.ModuleType("airflow.providers.apache.spark.operators"),
        "airflow.providers.apache.spark.operators.spark_submit":
            types.ModuleType("airflow.providers.apache.spark.operators.spark_submit"),
        "airflow.sensors": types.ModuleType("airflow.sensors"),
        "airflow.sensors.bash": types.ModuleType("airflow.sensors.bash"),
    }
    modules["airflow"].DAG = DAG
    modules["airflow.exceptions"].AirflowException = AirflowException
    modules["airflow.exceptions"].AirflowFailException = AirflowFailException
    modules["airflow.providers.apache.spark.operators.spark_submit"].SparkSubmitOperator = SparkSubmitOperator
    modules["airflow.sensors.bash"].BashSensor = BashSensor
    sys.modules.update(modules)


def load(path):
    install_stubs()
    spec = importlib.util.spec_from_file_location("fullbatch_daily", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class FullbatchDailyDag(unittest.TestCase):
    module = None

    def tasks(self):
        return self.module.dag.tasks

    def test_train_then_wait_for_success_then_score(self):
        tasks = self.tasks()
        self.assertEqual({"train", "model_ready", "score"}, set(tasks))
        self.assertEqual([tasks["model_ready"]], tasks["train"].downstream)
        self.assertEqual([tasks["score"]], tasks["model_ready"].downstream)
        self.assertIn("{{ ds }}/_SUCCESS", tasks["model_ready"].kwargs["bash_command"])

    def test_train_resumes_and_uses_the_date_in_data_and_output(self):
        train = self.tasks()["train"].kwargs
        args = train["application_args"]
        self.assertEqual("dev.fullbatch.job.Main", train["java_class"])
        self.assertEqual("train", args[0])
        self.assertIn("--resume", render(args, "2024-05-01", self.module.PARAMS))
        self.assertIn("{{ ds }}", args[args.index("--data") + 1])
        self.assertIn("{{ ds }}", args[args.index("--output") + 1])

    def test_score_reads_the_days_model(self):
        args = self.tasks()["score"].kwargs["application_args"]
        self.assertEqual("predict", args[0])
        self.assertEqual(self.tasks()["train"].kwargs["application_args"][
            self.tasks()["train"].kwargs["application_args"].index("--output") + 1],
            args[args.index("--model") + 1])

    def test_exit_codes_two_and_three_fail_without_retry(self):
        train = self.tasks()["train"]
        for code in (2, 3):
            SparkSubmitOperator.next_exit_code = code
            with self.assertRaises(AirflowFailException) as caught:
                train.execute({})
            self.assertIn(f"code {code}", str(caught.exception))

    def test_exit_code_one_fails_with_retries(self):
        train = self.tasks()["train"]
        SparkSubmitOperator.next_exit_code = 1
        with self.assertRaises(AirflowException) as caught:
            train.execute({})
        self.assertNotIsInstance(caught.exception, AirflowFailException)

    def test_exit_code_is_read_from_the_message_when_the_hook_has_none(self):
        error = AirflowException("Cannot execute: spark-submit x. Error code is: 3.")
        self.assertEqual(3, self.module.spark_submit_exit_code(object(), error))

    def test_train_keeps_or_replaces_the_days_model_as_params_retrain_says(self):
        args = self.tasks()["train"].kwargs["application_args"]
        self.assertEqual(["--resume"], [a for a in render(args, "2024-05-01", self.module.PARAMS)
                                        if a in ("--resume", "--overwrite")])
        self.assertEqual(["--overwrite"], [a for a in render(args, "2024-05-01", {**self.module.PARAMS,
                                                                                   "retrain": True})
                                           if a in ("--resume", "--overwrite")])

    def test_train_starts_from_the_day_befores_model_or_cold_when_there_is_none(self):
        args = self.tasks()["train"].kwargs["application_args"]
        warm = render(args, "2024-03-01", {**self.module.PARAMS, "model_root": "/models"})
        self.assertEqual("/models/2024-02-29", warm[warm.index("--init-model") + 1])
        self.assertIn("--init-model-optional=true", warm)
        self.assertEqual("/models/2024-03-01", warm[warm.index("--output") + 1])
        cold = render(args, "2024-03-01", {**self.module.PARAMS, "warm_start": False})
        self.assertEqual("", cold[cold.index("--init-model") + 1])
        self.assertIn("--init-model-optional=false", cold)

    def test_success_passes(self):
        SparkSubmitOperator.next_exit_code = 0
        self.tasks()["train"].execute({})


TEMPLATE = re.compile(r"{{(.*?)}}")


def ds_add(ds, days):
    """Airflow's macros.ds_add: the YYYY-MM-DD date `days` days after `ds`."""
    return (datetime.date.fromisoformat(ds) + datetime.timedelta(days=days)).isoformat()


def render(args, ds, params):
    """The args with each {{ expression }} evaluated as Airflow's Jinja would (the DAG's expressions are also
    Python expressions) against the run's params and logical date."""
    scope = {"params": types.SimpleNamespace(**params), "ds": ds, "macros": types.SimpleNamespace(ds_add=ds_add)}
    return [TEMPLATE.sub(lambda m: str(eval(m.group(1).strip(), {}, scope)), a) for a in args]


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[2] == "--render":
        dag = load(sys.argv[1])
        task = dag.dag.tasks[sys.argv[3]]
        params = {**dag.PARAMS, **json.loads(sys.argv[5])}
        print(json.dumps(render(task.kwargs["application_args"], sys.argv[4], params)))
        sys.exit(0)
    FullbatchDailyDag.module = load(sys.argv[1])
    result = unittest.TextTestRunner(verbosity=2).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(FullbatchDailyDag))
    sys.exit(0 if result.wasSuccessful() else 1)
