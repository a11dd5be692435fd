/**
 * Fault-injection campaigns, the library face: load a campaign, run it (on
 * worker threads, resumable, shardable), merge shard results, write reports.
 *
 *   const spec = await loadCampaignFile('campaign.yaml');
 *   const summary = await runCampaign(spec, { out: 'results.jsonl', workers: 4 });
 *   writeReport('results.jsonl', 'report/');
 */
export { loadCampaignFile, parseCampaign, parseCampaignText, FAULT_TARGETS, type CampaignSpec, type FaultModel, type FaultTarget, type Sampling, type CycleBound } from './spec';
export { runCampaign, prepareCampaign, type RunCampaignOptions, type CampaignSummary, type PreparedCampaign } from './run-campaign';
export { planCampaign, shardIndices, parseShard, type CampaignPlan, type PlanGroup, type Shard } from './plan';
export { InjectionRunner, type InjectionContext, type InjectionTask, type InjectionResult, type RunWork } from './injection-run';
export { classify, detectionLatency, OUTCOMES, DETECTION_EVENTS, type Outcome, type InjectionFacts } from './classify';
export { leveugleSampleSize, marginOfError, type SampleSizeInput } from './sample-size';
export { wilsonInterval, type Interval } from './wilson';
export { normalQuantile, criticalValue } from './normal-quantile';
export { resolveFaultSpace, FaultSampler, type FaultSpace } from './fault-space';
export { readResults, mergeResults, formatRecord, type RunRecord } from './results-file';
export { summarize, type ReportData, type ReportGroup } from './report-data';
export { writeReport, type ReportOptions, type WrittenReport } from './report';
