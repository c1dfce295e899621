using Pastoral.Cli;

// Composition lives in PastoralApp (web) and PastoralCommandLine (commands); with no command, serve.
return await PastoralCommandLine.RunAsync(args);
