{{/* The name of every object: the release name, or release-chart when the release name lacks the chart's. */}}
{{- define "pipeline-healer.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pipeline-healer.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pipeline-healer.labels" -}}
{{ include "pipeline-healer.selectorLabels" . }}
app.kubernetes.io/part-of: {{ .Chart.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* The namespaces the operator watches, comma-separated; empty when it watches all. Fails on bad values. */}}
{{- define "pipeline-healer.watchedNamespaces" -}}
{{- $scope := .Values.watch.scope -}}
{{- if eq $scope "all" -}}
{{- else if eq $scope "release" -}}
{{- .Release.Namespace -}}
{{- else if eq $scope "list" -}}
{{- if empty .Values.watch.namespaces -}}
{{- fail "watch.scope is 'list' but watch.namespaces is empty: name at least one namespace" -}}
{{- end -}}
{{- join "," (uniq .Values.watch.namespaces) -}}
{{- else -}}
{{- fail (printf "watch.scope must be all, list or release, not '%s'" $scope) -}}
{{- end -}}
{{- end -}}

{{/*
What the operator may do in a namespace it watches, and with its leader-election Lease. Both files are written
from OperatorRbac.java by HelmChartSyncTest, so `healer manifests` and the chart grant the same.
*/}}
{{- define "pipeline-healer.watchRules" -}}
{{ .Files.Get "files/rbac/watch-rules.yaml" }}
{{- end -}}

{{- define "pipeline-healer.leaderElectionRules" -}}
{{ .Files.Get "files/rbac/leader-election-rules.yaml" }}
{{- end -}}

{{/* A RoleBinding's or ClusterRoleBinding's subject: the operator's ServiceAccount. */}}
{{- define "pipeline-healer.subjects" -}}
subjects:
  - kind: ServiceAccount
    name: {{ include "pipeline-healer.fullname" . }}
    namespace: {{ .Release.Namespace }}
{{- end -}}
