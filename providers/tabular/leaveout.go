package tabular

// leaveOut drops from a glob's files those the platform reads as
// something else than licenses (Spec.NotLicenses: its device pages), so
// the license reader neither reads them as licenses nor refuses them;
// their own reader reads them whole. Its errors name the file as shown
// (and the line).
func (s *Source) leaveOut(files []string) ([]string, error) {
	if s.spec.NotLicenses == nil {
		return files, nil
	}
	out := files[:0:0]
	for _, f := range files {
		other, err := s.spec.NotLicenses(f, s.Display(f))
		if err != nil {
			return nil, err
		}
		if !other {
			out = append(out, f)
		}
	}
	return out, nil
}
