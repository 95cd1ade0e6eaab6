from dify_plugin import ToolProvider


class WeatherProvider(ToolProvider): # expect: DIFY506
    def check(self, credentials):
        return credentials["apikey"] # expect: DIFY513
