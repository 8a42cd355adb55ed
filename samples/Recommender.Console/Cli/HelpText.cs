namespace Recommender.ConsoleSample.Cli;

/// <summary>The text of --help.</summary>
public static class HelpText
{
    public const string Overview = """
        recommender: the Recommender SDK's console sample.

        Usage:
          recommender [options]            the demo: generate a social network, evaluate five models on it, train
                                           through services.AddRecommender(), show feeds next to the heuristic's
          recommender evaluate [options]   evaluate models on a train/test split (the evaluation protocol)
          recommender split [options]      split an interactions file into train.csv and test.csv
          recommender train [options]      train a model file from CSV or MovieLens (or from PostgreSQL)
          recommender recommend [options]  a user's feed from a model file (or from PostgreSQL)
          recommender demo [options]       the same as no command
          recommender <command> --help     the options of a command

        Files: the protocol's CSV (interactions: user_id, post_id[, timestamp, kind, weight, rating]; posts: post_id[,
        author_id, created_at, tags, text]; users: user_id[, created_at]) or MovieLens (u.data, ratings.dat, ratings.csv,
        u.item, movies.dat, movies.csv with tags.csv beside it).
        PostgreSQL (demo, train, recommend): --postgres CONN reads the host's tables in the sample layout (schema
        recommender_sample unless --schema says otherwise) and keeps models in the SDK's schema (recommender).
        Exit codes: 0 done, 2 bad input (one line on stderr naming the problem, file:line for data), 1 unexpected
        failure, 130 cancelled (Ctrl+C).

        """;

    public const string Demo = """
        recommender [demo] [options]

        Generates a social network (users with names and tastes, authors, posts with tags and text, follows, weeks of
        views, likes, comments and shares with planted structure), evaluates popularity, heuristic, nmf, content and
        hybrid on both tasks of the protocol (the latest 20% of engagements by time are test), trains through
        services.AddRecommender() as a host would, and shows a few users' feeds next to the heuristic's.
        The same seed and sizes give the same output (timings aside).

          --seed N               the generator's and the training's seed (default 42)
          --users N              users, authors included (default 1000)
          --posts N              posts (default 4000)
          --days N               days of activity (default 21)
          --engagements N        mean engagement rows per user (default 40)
          --feeds N              users whose feeds are shown (default 3)
          --count N              posts per feed (default 8)
          --report DIR           also write evaluation.png (precision@k, NDCG@k for k = 1..20 per model and task),
                                 training-loss.png (NMF objective by iteration) and curves.csv into DIR
          --export DIR           also write the data as the protocol's CSV (interactions.csv, posts.csv, users.csv)
                                 for the other commands
          --postgres CONN        run against PostgreSQL (an Npgsql connection string): the host's tables are read
                                 through PostgresDataSource, models and flags live in the database (UsePostgres)
          --create-sample        with --postgres: create the sample tables when missing, empty them and fill them
                                 with the generated network (binary COPY); without it the tables are read as they are
          --schema NAME          with --postgres: the schema of the host's tables (default recommender_sample)
          --sdk-schema NAME      with --postgres: the schema of the SDK's tables (default recommender)

        """;

    public const string Train = """
        recommender train --interactions FILE --out model.bin [options]
        recommender train --postgres CONN [--out model.bin] [options]

          --interactions FILE      engagements or ratings: the protocol's CSV or MovieLens
          --posts FILE             posts (tags, text, authors: the content model and cold start need them)
          --users FILE             users
          --out FILE               where the model is written (required with files); with --postgres, a copy of
                                   the version published to the database
          --now UNIX               the training moment, for decay and freshness (default: the latest engagement)
          --factors N              NMF latent factors (default 50)
          --seed S                 the training seed (default 42)
          --half-life-days D       engagement half-life in days; 0 = no decay (default 7)
          --blend learned|hand     fit the blend of signals on the latest engagements held out, or use hand
                                   weights (default learned)
          --postgres CONN          train on the host's tables through services.AddRecommender().UsePostgres():
                                   evaluated against the heuristic and the active model, published to the
                                   database's registry, activated when it passes the quality gate
          --schema NAME            with --postgres: the host's tables (default recommender_sample)
          --sdk-schema NAME        with --postgres: the SDK's tables (default recommender)

        """;

    public const string Recommend = """
        recommender recommend --model model.bin --user ID [options]
        recommender recommend --postgres CONN --user ID [options]

          --model FILE             a model written by 'recommender train'
          --user ID                the user (a user the model does not know gets a cold-start feed)
          --count N                posts in the feed (default 10)
          --now UNIX               the ranking moment, for freshness (default: when the model was trained; with
                                   --postgres, the latest engagement)
          --posts FILE             posts: shows their tags and authors, and adds posts published after training
          --postgres CONN          the feed the database's active model serves (services.AddRecommender().UsePostgres())
          --schema NAME            with --postgres: the host's tables (default recommender_sample)
          --sdk-schema NAME        with --postgres: the SDK's tables (default recommender)

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
          --models LIST            comma-separated: popularity, heuristic, nmf, content, hybrid, hybrid-hand
                                   (default: popularity,heuristic,nmf,content,hybrid)
          --holdout auto|latest|per-user|random
                                   hybrid: the engagements its blend is fitted on (default auto:
                                   latest for a feed, random for a catalogue)
          --objective implicit|frobenius  nmf: confidence-weighted implicit feedback (default) or plain NMF
          --k N                    list length of the metrics (default 10)
          --factors N              NMF latent factors (default 50)
          --seed S                 NMF seed (default 42)
          --half-life-days D       engagement half-life in days, measured from the end of the train data;
                                   0 = no decay (default 7)
          --json FILE              also write the protocol's JSON
          --verbose true           log training and ranking progress to stderr
          --report DIR             also write evaluation.png (precision@k and NDCG@k for k = 1..20 per model),
                                   training-loss.png (NMF objective by iteration) and curves.csv into DIR

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
