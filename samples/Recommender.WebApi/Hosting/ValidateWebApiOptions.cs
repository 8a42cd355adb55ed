using Microsoft.Extensions.Options;

namespace Recommender.WebApi.Hosting;

/// <summary>Validates <see cref="WebApiOptions"/> when the host starts, listing every problem.</summary>
internal sealed class ValidateWebApiOptions : IValidateOptions<WebApiOptions>
{
    public ValidateOptionsResult Validate(string? name, WebApiOptions options)
    {
        var errors = options.GetErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
