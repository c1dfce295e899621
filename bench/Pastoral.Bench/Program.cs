using System.Globalization;
using Pastoral.Bench;

// Pastoral.Bench: the measuring half of bench/run.sh.
//   measure  starts `pastoral serve --no-demo` on an existing database N times, timing each start to a served sign-in page,
//            then, on the last start, times sequential roster API and /healthz requests. Writes one JSON file per case.
//   audit-writes  builds a trust demo on PostgreSQL and measures concurrent audited writes against the same writes unaudited.
//   plans    plan page, comparison and passport PDF over HTTP on a 1 x 1,500 SQLite demo (issue 7's targets).
//   behaviour-log  logging an incident through the API against a one-INSERT baseline, 50 clients, SQLite and PostgreSQL (issue 9).
//   patterns the behaviour patterns page over HTTP on a 1 x 1,500 demo with a year of incidents (issue 9's target), SQLite and PostgreSQL.
//   impact    the impact tracker's full report for a school-year (service call and overview page), SQLite and PostgreSQL.
//   impact-placebo  not a timing: random groups where nothing works through the impact tracker (bias, interval coverage), two demos.
//   safeguarding  the DSL dashboard and a 500-entry chronology over HTTP with five years of concerns (issue 10's targets).
//   attendance  a school's and a trust's attendance figures against a hand-written GROUP BY (issue 8's targets).
//   report   turns those JSON files into bench/results/latest.md (and the figures section of bench/README.md).
// Figures are written with '.' decimals and ',' thousands whatever the machine's locale.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
try
{
    return args.Length == 0 ? Usage() : args[0] switch
    {
        "measure" => await Measure.RunAsync(Args.Parse(args[1..])),
        "report" => Report.Run(Args.Parse(args[1..])),
        "audit-writes" => await AuditWrites.RunAsync(Args.Parse(args[1..])),
        "pdf" => await PdfRendering.RunAsync(Args.Parse(args[1..])),
        "family-reports" => await FamilyReportsBench.RunAsync(Args.Parse(args[1..])),
        "mail" => await MailDelivery.RunAsync(Args.Parse(args[1..])),
        "plans" => await PlanPages.RunAsync(Args.Parse(args[1..])),
        "attendance" => await AttendanceFigures.RunAsync(Args.Parse(args[1..])),
        "registration" => await MorningRegistration.RunAsync(Args.Parse(args[1..])),
        "behaviour-log" => await BehaviourLog.RunAsync(Args.Parse(args[1..])),
        "patterns" => await PatternsPage.RunAsync(Args.Parse(args[1..])),
        "safeguarding" => await SafeguardingDashboard.RunAsync(Args.Parse(args[1..])),
        "impact" => await ImpactReportBench.RunAsync(Args.Parse(args[1..])),
        "impact-placebo" => await ImpactPlaceboBench.RunAsync(Args.Parse(args[1..])),
        _ => Usage(),
    };
}
catch (BenchException e)
{
    Console.Error.WriteLine($"bench: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          Pastoral.Bench measure --dll PATH --repo DIR --port P --data DIR [--database postgres --connection CS]
                                 --token TOKEN --requests N --warmup W --starts S --out FILE.json --log FILE [--pidfile FILE]
                                 --provider NAME --size NAME --pupils N --demo-seconds S --demo-peak-kb KB
          Pastoral.Bench audit-writes --connection CS --data DIR --out FILE.json [--markdown FILE.md] [--schools 20]
                                 [--pupils-per-school 100] [--clients 50] [--seconds 5] [--rounds 2]
          Pastoral.Bench pdf     --repo DIR --data DIR [--documents 100] [--callers 4] [--markdown FILE.md]
          Pastoral.Bench family-reports --repo DIR --data DIR [--reports 150] [--callers 4] [--markdown FILE.md]
          Pastoral.Bench mail --connection CS --data DIR [--notices 1000] [--markdown FILE.md]
          Pastoral.Bench plans   --dll PATH --repo DIR --data EMPTY-DIR [--port P] [--requests 100] [--pdfs 25] [--warmup 10]
                                 [--log FILE] [--pidfile FILE] [--markdown FILE.md]
          Pastoral.Bench attendance --connection CS --data DIR [--runs 20] [--trust-schools 20] [--pupils-per-school 1500]
                                 [--only school|trust] [--markdown FILE.md]
          Pastoral.Bench registration --dll PATH --repo DIR --connection CS --data DIR [--schools 20] [--pupils-per-school 1500]
                                 [--registers 2500] [--clients 40] [--markdown FILE.md]
          Pastoral.Bench behaviour-log --dll PATH --repo DIR --data DIR [--connection CS] [--provider sqlite|postgresql]
                                 [--pupils-per-school 600] [--requests 2000] [--warmup 200] [--clients 50] [--markdown FILE.md]
          Pastoral.Bench patterns --dll PATH --repo DIR --data DIR [--connection CS (adds PostgreSQL)] [--runs 50] [--warmup 5]
                                 [--pidfile FILE] [--markdown FILE.md]
          Pastoral.Bench safeguarding --dll PATH --repo DIR --data DIR [--connection CS (adds PostgreSQL)] [--runs 50] [--warmup 5]
                                 [--pidfile FILE] [--markdown FILE.md]
          Pastoral.Bench impact --dll PATH --repo DIR --data DIR [--connection CS (adds PostgreSQL)] [--runs 20] [--warmup 3]
                                 [--pidfile FILE] [--markdown FILE.md]
          Pastoral.Bench impact-placebo --dll PATH --repo DIR --data DIR [--groups 400] [--markdown FILE.md]
          Pastoral.Bench report  --out FILE.md [--readme README.md] [--mode full|quick] [--commit SHA] [--postgres VERSION] CASE.json...
        """);
    return 2;
}
