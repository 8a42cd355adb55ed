// <snippet:train-and-wait>
using Recommender.Training;
// </snippet:train-and-wait>

namespace SnippetsHost;

/// <summary>The README's "train and wait" in a DI host: the app of <see cref="DiSnippet"/>, started.</summary>
internal static class TrainAndWaitSnippet
{
    public static async Task RunAsync(WebApplication app)
    {
        // <snippet:train-and-wait>
        app.MapPost("/admin/train", async (TrainingPipeline training, CancellationToken ct) =>
            (await training.TrainAsync(ct)).Outcome.ToString());   // answers when the run has ended: "Activated", ...

        await app.StartAsync();   // loads the active model; with none, the hosted service starts a training run
        TrainingRunResult run = await app.Services.GetRequiredService<TrainingPipeline>().TrainAsync();   // joins it
        Console.WriteLine($"training {run.Outcome}: model {run.ModelVersion}");   // training Activated: model v...
        await app.WaitForShutdownAsync();   // serves until Ctrl+C (app.Run() does all of this but the wait for training)
        // </snippet:train-and-wait>
    }
}
