namespace Recommender.ConsoleSample.Cli;

/// <summary>The text of --help.</summary>
public static class HelpText
{
    public const string Overview = """
        recommender: the Recommender SDK's console sample.

        Usage:
          recommender                      generate a small social feed, split it by time, train and evaluate (both tasks)
          recommender evaluate [options]   evaluate models on a train/test split (the evaluation protocol)
          recommender split [options]      split an interactions file into train.csv and test.csv
          recommender demo                 the same as no arguments
          recommender <command> --help     the options of a command

        Files: the protocol's CSV (interactions: user_id, post_id[, timestamp, kind, weight, rating]; posts: post_id[,
        author_id, created_at, tags, text]; users: user_id[, created_at]) or MovieLens (u.data, ratings.dat, ratings.csv,
        u.item, movies.dat, movies.csv with tags.csv beside it).
        Exit codes: 0 done, 2 bad input (one line on stderr naming the problem, file:line for data), 1 unexpected failure.

        """;

    public const string Evaluate = """
        recommender evaluate --train T.csv --test S.csv [options]

          --train FILE             train interactions (required)
          --test FILE              test interactions: every row is one relevant (user, post) pair (required)
          --posts FILE             posts (needed by --task rank)
          --users FILE             users
          --task recommend|rank    recommend: rank every train post for every test user seen in train (default);
                                   rank: rank the posts created since --candidates-since, every test user
          --candidates-since UNIX  rank: first creation time of a candidate (default: 3 days before the first test row)
          --now UNIX               the ranking moment (default: the last test timestamp)
          --models LIST            comma-separated: popularity, nmf (default: popularity,nmf)
          --k N                    list length of the metrics (default 10)
          --factors N              NMF latent factors (default 50)
          --seed S                 NMF seed (default 42)
          --half-life-days D       engagement half-life in days, measured from the end of the train data;
                                   0 = no decay (default 7)
          --json FILE              also write the protocol's JSON
          --verbose true           log training and ranking progress to stderr

        """;

    public const string Split = """
        recommender split --input ratings.csv --out DIR [options]

          --input FILE                     interactions to split (protocol CSV or MovieLens)
          --out DIR                        where train.csv and test.csv are written (created when missing)
          --method random|temporal|time    random: a random share of each user's rows (default);
                                           temporal: each user's latest rows; time: every row from a cutoff on
          --test-fraction F                the share held out, 0 < F < 1 (default 0.2)
          --seed S                         random: the seed (default 1)
          --cutoff UNIX                    time: the cutoff (default: the moment that holds out F of all rows)

        """;
}
