from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "wegweiser.operations"
    verbose_name = "Operations"

    def ready(self):
        from django_tasks.signals import task_finished, task_started

        from . import logs

        # Log lines written while a task runs name the task (see logs.ContextFilter).
        task_started.connect(logs.task_started, dispatch_uid="wegweiser.operations.task_started")
        task_finished.connect(logs.task_finished, dispatch_uid="wegweiser.operations.task_finished")
