"""Proprietary fine-tuning behind one spec: OpenAI (files + fine_tuning.jobs) and AWS
Bedrock (S3 + model customization jobs), through the real SDKs. Clients are passed in, so
the CLI builds them from settings and tests point them at loopback servers or moto.

Provider lifecycle dates come from the one lifecycle table (core/lifecycle.yaml):
planning a job past a provider's announced cut-off warns clearly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from tunewise.core.errors import ToolError
from tunewise.core.lifecycle import load_lifecycle
from tunewise.core.provider_errors import describe
from tunewise.tools.train.errors import SpecError

BEDROCK_LIMITS = {
    "epochCount": (1, 10),
    "batchSize": (4, 256),
    "learningRateMultiplier": (0.1, 2.0),
}


class RemoteSpec(BaseModel):
    provider: Literal["openai", "bedrock"]
    base_model: str = Field(description="provider model id, e.g. gpt-4o-mini-2024-07-18")
    dataset: Path
    validation: Path | None = None
    epochs: int | None = Field(None, ge=1, le=50)
    batch_size: int | None = Field(None, ge=1)
    learning_rate_multiplier: float | None = Field(None, gt=0)
    suffix: str | None = Field(None, max_length=40)
    # Bedrock only
    role_arn: str | None = None
    s3_bucket: str | None = None
    job_name: str | None = None


class RemoteJob(BaseModel):
    provider: str
    job_id: str
    status: str
    fine_tuned_model: str | None = None
    trained_tokens: int | None = None
    events: list[str] = []
    warnings: list[str] = []


def lifecycle_warnings(spec: RemoteSpec, today: dt.date | None = None) -> list[str]:
    """The lifecycle table's events for this provider and model, with what they mean here."""
    today = today or dt.date.today()
    out = []
    for e in load_lifecycle().for_model(spec.base_model, spec.provider):
        verb = "may be refused" if e.days_from(today) < 0 else "must finish before then"
        out.append(f"{e.sentence(today)[:-1]}: this job {verb}.")
    return out


# ---- OpenAI -------------------------------------------------------------------------------
def openai_submit(spec: RemoteSpec, client: Any) -> RemoteJob:
    if not spec.dataset.is_file():
        raise ToolError(f"{spec.dataset}: no such file")
    with open(spec.dataset, "rb") as f:
        train = client.files.create(file=f, purpose="fine-tune")
    val = None
    if spec.validation is not None:
        with open(spec.validation, "rb") as f:
            val = client.files.create(file=f, purpose="fine-tune").id
    hyper = {
        k: v
        for k, v in {
            "n_epochs": spec.epochs,
            "batch_size": spec.batch_size,
            "learning_rate_multiplier": spec.learning_rate_multiplier,
        }.items()
        if v is not None
    }
    job = client.fine_tuning.jobs.create(
        model=spec.base_model,
        training_file=train.id,
        validation_file=val,
        suffix=spec.suffix,
        method={"type": "supervised", "supervised": {"hyperparameters": hyper}},
    )
    return RemoteJob(
        provider="openai", job_id=job.id, status=job.status, warnings=lifecycle_warnings(spec)
    )


def openai_poll(job_id: str, client: Any) -> RemoteJob:
    job = client.fine_tuning.jobs.retrieve(job_id)
    events = client.fine_tuning.jobs.list_events(fine_tuning_job_id=job_id, limit=20)
    return RemoteJob(
        provider="openai",
        job_id=job.id,
        status=job.status,
        fine_tuned_model=job.fine_tuned_model,
        trained_tokens=job.trained_tokens,
        events=[e.message for e in events.data],
    )


def openai_cancel(job_id: str, client: Any) -> RemoteJob:
    job = client.fine_tuning.jobs.cancel(job_id)
    return RemoteJob(provider="openai", job_id=job.id, status=job.status)


# ---- Bedrock ------------------------------------------------------------------------------
def bedrock_hyperparameters(spec: RemoteSpec) -> dict[str, str]:
    values = {
        "epochCount": spec.epochs or 2,
        "batchSize": spec.batch_size or 32,
        "learningRateMultiplier": spec.learning_rate_multiplier or 1.0,
    }
    for k, v in values.items():
        lo, hi = BEDROCK_LIMITS[k]
        if not lo <= v <= hi:
            raise ToolError(f"Bedrock accepts {k} from {lo} to {hi}; got {v}")
    return {k: str(v) for k, v in values.items()}


def bedrock_submit(spec: RemoteSpec, s3: Any, bedrock: Any) -> RemoteJob:
    if not (spec.role_arn and spec.s3_bucket):
        raise ToolError("Bedrock needs --role-arn (a role Bedrock may assume) and --s3-bucket")
    if not spec.dataset.is_file():
        raise ToolError(f"{spec.dataset}: no such file")
    hyper = bedrock_hyperparameters(spec)
    name = spec.job_name or f"tunewise-{dt.datetime.now():%Y%m%d-%H%M%S}"
    key = f"tunewise/{name}/train.jsonl"
    s3.upload_file(str(spec.dataset), spec.s3_bucket, key)
    args: dict[str, Any] = dict(
        jobName=name,
        customModelName=f"{name}-model",
        roleArn=spec.role_arn,
        baseModelIdentifier=spec.base_model,
        customizationType="FINE_TUNING",
        trainingDataConfig={"s3Uri": f"s3://{spec.s3_bucket}/{key}"},
        outputDataConfig={"s3Uri": f"s3://{spec.s3_bucket}/tunewise/{name}/output/"},
        hyperParameters=hyper,
    )
    if spec.validation is not None:
        vkey = f"tunewise/{name}/validation.jsonl"
        s3.upload_file(str(spec.validation), spec.s3_bucket, vkey)
        args["validationDataConfig"] = {"validators": [{"s3Uri": f"s3://{spec.s3_bucket}/{vkey}"}]}
    bedrock.create_model_customization_job(**args)
    return RemoteJob(
        provider="bedrock", job_id=name, status="InProgress", warnings=lifecycle_warnings(spec)
    )


def bedrock_poll(job_name: str, bedrock: Any) -> RemoteJob:
    job = bedrock.get_model_customization_job(jobIdentifier=job_name)
    return RemoteJob(
        provider="bedrock",
        job_id=job_name,
        status=job["status"],
        fine_tuned_model=job.get("outputModelArn") or job.get("outputModelName"),
    )


def bedrock_stop(job_name: str, bedrock: Any) -> RemoteJob:
    bedrock.stop_model_customization_job(jobIdentifier=job_name)
    return bedrock_poll(job_name, bedrock)


# ---- one entry per action, whatever the provider ------------------------------------------
# `clients` is (openai_client,) for OpenAI and (s3_client, bedrock_client) for Bedrock.
class ProviderCallError(ToolError):
    """The provider could not be reached or refused the call; the text says what to check."""


def _call(provider: str, action: str, fn: Any, *args: Any) -> RemoteJob:
    """Run one SDK call; a provider failure becomes one line (core.provider_errors)."""

    try:
        return fn(*args)
    except ToolError:
        raise
    except Exception as exc:
        line = describe(exc, provider)
        if line is None:
            raise
        raise ProviderCallError(f"{action} failed: {line}") from None


def submit(spec: RemoteSpec, clients: tuple) -> RemoteJob:
    fn = openai_submit if spec.provider == "openai" else bedrock_submit
    return _call(spec.provider, "submitting the job (nothing was submitted)", fn, spec, *clients)


def poll(provider: str, job_id: str, clients: tuple) -> RemoteJob:
    if provider == "openai":
        return _call(provider, "checking the job", openai_poll, job_id, *clients)
    return _call(provider, "checking the job", bedrock_poll, job_id, clients[-1])


def cancel(provider: str, job_id: str, clients: tuple) -> RemoteJob:
    if provider == "openai":
        return _call(provider, "cancelling the job", openai_cancel, job_id, *clients)
    return _call(provider, "cancelling the job", bedrock_stop, job_id, clients[-1])


def provider_clients(provider: str, region: str | None = None) -> tuple:
    """The SDK clients for provider jobs, from the SDKs' usual environment variables."""

    if provider == "openai":
        import openai

        try:
            return (openai.OpenAI(),)
        except openai.OpenAIError:
            raise SpecError(
                "set OPENAI_API_KEY (and OPENAI_BASE_URL for a proxy) to submit "
                "OpenAI fine-tuning jobs"
            ) from None
    import boto3
    import botocore.exceptions

    try:
        return boto3.client("s3", region_name=region), boto3.client("bedrock", region_name=region)
    except botocore.exceptions.NoRegionError:
        raise SpecError("give --region (or set AWS_DEFAULT_REGION) for Bedrock") from None
